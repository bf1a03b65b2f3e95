/**
 * Which local actions wait in the outbox for a few seconds before they are pushed, so the
 * person can undo them as a local cancel the server never sees (issue 21): everything that
 * charges, verifies, approves, closes, merges, sends a customer elsewhere, or changes a ticket's
 * standing in the queue. Replies and notes are written on purpose and stay immediate, except a
 * reply that also closes (and so charges) the ticket.
 */
import type { MutationName } from './protocol';

const heldMutations: ReadonlySet<MutationName> = new Set<MutationName>([
  'ticket.close',
  'ticket.merge',
  'ticket.classify',
  'ticket.forward',
  'ticket.assign',
  'ticket.setPriority',
  'ticket.setHotRush',
  'order.verify',
  'order.reject',
  'transfer.approve',
  'transfer.reject',
  'urlChange.approve',
  'urlChange.reject',
  'invoice.issue',
  'invoice.cancel',
  'ledger.adjust',
]);

/** Whether this action waits out the undo window before it is pushed. */
export function holdsForUndo(name: MutationName, args: unknown): boolean {
  if (name === 'ticket.reply') return (args as { close?: boolean }).close === true;
  return heldMutations.has(name);
}

/** How long an undoable action waits in the console app (the sync engine alone holds nothing unless told). */
export const defaultUndoWindowMs = 5_000;

/** The undo window the app runs with: SWITCHBOARD_UNDO_SECONDS (0 to 60; 0 sends at once), else the default. */
export function undoWindowFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.SWITCHBOARD_UNDO_SECONDS;
  if (raw === undefined || raw === '') return defaultUndoWindowMs;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 60) throw new Error(`SWITCHBOARD_UNDO_SECONDS must be a number of seconds from 0 to 60, got "${raw}"`);
  return Math.round(seconds * 1000);
}
