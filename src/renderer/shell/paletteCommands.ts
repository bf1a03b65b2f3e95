/**
 * What the command palette offers for the words typed: a ticket by its number, the queue
 * views, the screens, a full-text search, and actions (on the open ticket, and global ones).
 */
import type { QueueViewId, QueueViewInfo } from '../../shared/console/schemas';
import type { StaffAction, StaffTicketAction } from '../../shared/tickets/permissions';

export type PaletteCommand =
  | { kind: 'ticketNumber'; number: number; label: string }
  | { kind: 'view'; viewId: QueueViewId; label: string }
  | { kind: 'screen'; screen: 'search' | 'dashboard' | 'billing' | 'heldMail' | AdminScreen; label: string }
  | { kind: 'search'; text: string; label: string }
  | { kind: 'action'; action: PaletteAction; label: string };

export type PaletteAction = 'reply' | 'note' | 'claim' | 'close' | 'reopen' | 'merge' | 'classify' | 'syncNow' | 'theme' | 'shortcuts' | 'signOut';

const ticketActions: Array<{ action: PaletteAction; label: string; needs: StaffTicketAction }> = [
  { action: 'reply', label: 'Reply', needs: 'reply' },
  { action: 'note', label: 'Internal note', needs: 'note' },
  { action: 'claim', label: 'Claim this ticket', needs: 'claim' },
  { action: 'classify', label: 'Classify and forward', needs: 'classify' },
  { action: 'close', label: 'Close this ticket', needs: 'close' },
  { action: 'reopen', label: 'Reopen this ticket', needs: 'reopen' },
  { action: 'merge', label: 'Merge into another ticket', needs: 'merge' },
];

const globalActions: Array<{ action: PaletteAction; label: string }> = [
  { action: 'syncNow', label: 'Sync now' },
  { action: 'theme', label: 'Switch theme (system, light, dark)' },
  { action: 'shortcuts', label: 'Show keyboard shortcuts' },
  { action: 'signOut', label: 'Sign out' },
];

/** The admins' screens, in the sidebar's order. */
export const adminScreens = [
  { name: 'team', label: 'Team' },
  { name: 'departments', label: 'Departments' },
  { name: 'catalogue', label: 'Catalogue' },
  { name: 'audit', label: 'Audit log' },
  { name: 'settings', label: 'Settings' },
] as const;
type AdminScreen = (typeof adminScreens)[number]['name'];

const matches = (label: string, words: string[]) => words.every((w) => label.toLowerCase().includes(w));

export function paletteCommands(text: string, ctx: { views: QueueViewInfo[]; inTicket: boolean; may(a: StaffAction): boolean }): PaletteCommand[] {
  const trimmed = text.trim();
  const words = trimmed.toLowerCase().split(/\s+/).filter(Boolean);
  const out: PaletteCommand[] = [];
  const number = /^#?(\d{1,10})$/.exec(trimmed)?.[1];
  if (number) out.push({ kind: 'ticketNumber', number: Number(number), label: `Open ticket #${number}` });
  for (const v of ctx.views) if (matches(`Go to ${v.label}`, words)) out.push({ kind: 'view', viewId: v.id, label: `Go to ${v.label} (${v.count})` });
  if (matches('Go to Search', words)) out.push({ kind: 'screen', screen: 'search', label: 'Go to Search' });
  if (matches('Go to Dashboard', words)) out.push({ kind: 'screen', screen: 'dashboard', label: 'Go to Dashboard' });
  if (ctx.may('verify_orders') && matches('Go to Billing', words)) out.push({ kind: 'screen', screen: 'billing', label: 'Go to Billing' });
  if (ctx.may('handle_held_mail') && matches('Go to Held mail', words)) out.push({ kind: 'screen', screen: 'heldMail', label: 'Go to Held mail' });
  if (ctx.may('manage_staff')) for (const a of adminScreens) if (matches(`Go to ${a.label}`, words)) out.push({ kind: 'screen', screen: a.name, label: `Go to ${a.label}` });
  if (ctx.inTicket) for (const a of ticketActions) if (ctx.may(a.needs) && matches(a.label, words)) out.push({ kind: 'action', action: a.action, label: a.label });
  for (const a of globalActions) if (matches(a.label, words)) out.push({ kind: 'action', action: a.action, label: a.label });
  if (trimmed && !number) out.push({ kind: 'search', text: trimmed, label: `Search for “${trimmed}”` });
  return out;
}
