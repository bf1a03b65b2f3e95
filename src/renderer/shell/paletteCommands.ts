/**
 * What the command palette offers for the words typed: a ticket by its number, the queue
 * views, the screens, a full-text search, and actions: on the open ticket, on the queue's
 * selection or the ticket under its cursor, and global ones.
 */
import type { QueueViewId, QueueViewInfo } from '../../shared/console/schemas';
import type { StaffAction, StaffTicketAction } from '../../shared/tickets/permissions';

export type PaletteCommand =
  | { kind: 'ticketNumber'; number: number; label: string }
  | { kind: 'view'; viewId: QueueViewId; label: string }
  | { kind: 'screen'; screen: 'search' | 'dashboard' | 'billing' | 'payouts' | 'heldMail' | 'forum' | AdminScreen; label: string }
  | { kind: 'search'; text: string; label: string }
  | { kind: 'action'; action: PaletteAction; label: string };

/** Actions that are a shortcut's (run the same way as its key: useShortcuts.ts runShortcut). */
export type ShortcutAction = 'reply' | 'note' | 'classify' | 'close' | 'merge' | 'forward' | 'priority' | 'hotRush' | 'cost' | 'split' | 'faq' | 'assign' | 'undo';
export type PaletteAction = ShortcutAction | 'claim' | 'reopen' | 'syncNow' | 'theme' | 'shortcuts' | 'signOut';

/**
 * What the palette acts on: the open ticket, the queue's ticket under the cursor, or the
 * queue's selection; `on` says which of them an action takes.
 */
export type PaletteTarget = { kind: 'ticket' } | { kind: 'cursor' } | { kind: 'selection'; count: number };

type On = 'ticket' | 'cursor' | 'selection';
const ticketActions: Array<{ action: PaletteAction; label: string; needs: StaffTicketAction; on: readonly On[] }> = [
  { action: 'reply', label: 'Reply', needs: 'reply', on: ['ticket', 'cursor'] },
  { action: 'note', label: 'Internal note', needs: 'note', on: ['ticket', 'cursor'] },
  { action: 'claim', label: 'Claim this ticket', needs: 'claim', on: ['ticket', 'cursor'] },
  { action: 'classify', label: 'Classify and forward', needs: 'classify', on: ['ticket', 'cursor'] },
  { action: 'forward', label: 'Forward to a department', needs: 'forward', on: ['ticket', 'cursor', 'selection'] },
  { action: 'priority', label: 'Set the priority', needs: 'set_priority', on: ['ticket', 'cursor', 'selection'] },
  { action: 'hotRush', label: 'Turn HotRush on or off', needs: 'set_hot_rush', on: ['ticket', 'cursor', 'selection'] },
  { action: 'cost', label: 'Rate the cost in points', needs: 'classify', on: ['ticket', 'cursor'] },
  { action: 'assign', label: 'Assign to someone', needs: 'assign', on: ['ticket', 'cursor', 'selection'] },
  { action: 'close', label: 'Close this ticket', needs: 'close', on: ['ticket', 'cursor', 'selection'] },
  { action: 'reopen', label: 'Reopen this ticket', needs: 'reopen', on: ['ticket'] },
  { action: 'merge', label: 'Merge into another ticket', needs: 'merge', on: ['ticket'] },
  { action: 'split', label: 'Split the newest customer message into a new ticket', needs: 'split', on: ['ticket'] },
  { action: 'faq', label: 'Insert an FAQ article', needs: 'reply', on: ['ticket'] },
];

/** "Close this ticket" in a ticket; in the queue it says which tickets. */
function labelOn(label: string, target: PaletteTarget): string {
  if (target.kind === 'ticket') return label;
  const base = label.replace(/ this ticket$/, '');
  return target.kind === 'cursor' ? `${base} (ticket under the cursor)` : `${base} (${target.count} selected)`;
}

const globalActions: Array<{ action: PaletteAction; label: string }> = [
  { action: 'undo', label: 'Undo the last action' },
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
  { name: 'newsletters', label: 'Newsletters' },
  { name: 'audit', label: 'Audit log' },
  { name: 'settings', label: 'Settings' },
] as const;
type AdminScreen = (typeof adminScreens)[number]['name'];

const matches = (label: string, words: string[]) => words.every((w) => label.toLowerCase().includes(w));

export function paletteCommands(text: string, ctx: { views: QueueViewInfo[]; inTicket: boolean; target?: PaletteTarget | null; may(a: StaffAction): boolean }): PaletteCommand[] {
  const target = ctx.target ?? (ctx.inTicket ? { kind: 'ticket' as const } : null);
  const trimmed = text.trim();
  const words = trimmed.toLowerCase().split(/\s+/).filter(Boolean);
  const out: PaletteCommand[] = [];
  const number = /^#?(\d{1,10})$/.exec(trimmed)?.[1];
  if (number) out.push({ kind: 'ticketNumber', number: Number(number), label: `Open ticket #${number}` });
  for (const v of ctx.views) if (matches(`Go to ${v.label}`, words)) out.push({ kind: 'view', viewId: v.id, label: `Go to ${v.label} (${v.count})` });
  if (matches('Go to Search', words)) out.push({ kind: 'screen', screen: 'search', label: 'Go to Search' });
  if (matches('Go to Dashboard', words)) out.push({ kind: 'screen', screen: 'dashboard', label: 'Go to Dashboard' });
  if (ctx.may('verify_orders') && matches('Go to Billing', words)) out.push({ kind: 'screen', screen: 'billing', label: 'Go to Billing' });
  if (ctx.may('post_in_forum') && matches('Go to Forum', words)) out.push({ kind: 'screen', screen: 'forum', label: 'Go to Forum' });
  if (ctx.may('decide_payouts') && matches('Go to Affiliate payouts', words)) out.push({ kind: 'screen', screen: 'payouts', label: 'Go to Affiliate payouts' });
  if (ctx.may('handle_held_mail') && matches('Go to Held mail', words)) out.push({ kind: 'screen', screen: 'heldMail', label: 'Go to Held mail' });
  if (ctx.may('manage_staff')) for (const a of adminScreens) if (matches(`Go to ${a.label}`, words)) out.push({ kind: 'screen', screen: a.name, label: `Go to ${a.label}` });
  if (target) {
    for (const a of ticketActions) {
      const label = labelOn(a.label, target);
      if (a.on.includes(target.kind) && ctx.may(a.needs) && matches(label, words)) out.push({ kind: 'action', action: a.action, label });
    }
  }
  for (const a of globalActions) if (matches(a.label, words)) out.push({ kind: 'action', action: a.action, label: a.label });
  if (trimmed && !number) out.push({ kind: 'search', text: trimmed, label: `Search for “${trimmed}”` });
  return out;
}
