/**
 * Query keys are `[operation, input]`, so each cached answer says which console API read it
 * came from. `dependsOn` says which changed entities make an answer stale: main's
 * `entitiesChanged` event names entities (and tickets), and only the reads that show them are
 * fetched again.
 */
import type { Query } from '@tanstack/react-query';
import type { ConsoleEntity } from '../../shared/console/contract';
import type { OperationName } from '../../shared/console/operations';

export const queryKey = <I>(op: OperationName, input?: I) => (input === undefined ? [op] : [op, input]) as readonly unknown[];

/** The synced entities (protocol.ts), plus `outbox`, `presence` and `settings` (life-cycle), behind each read. */
const dependsOn: Partial<Record<OperationName, readonly ConsoleEntity[]>> = {
  'queue.views': ['ticket', 'department', 'user'],
  'queue.list': ['ticket', 'message', 'account', 'outbox'],
  'queue.count': ['ticket', 'message', 'outbox'],
  'ticket.detail': ['ticket', 'message', 'attachment', 'account', 'department', 'user', 'outbox', 'presence', 'settings'],
  'ticket.byNumber': ['ticket', 'account'],
  'search.query': ['ticket', 'message', 'faq_article'],
  'account.page': ['account', 'user', 'license', 'ledger_entry', 'ticket', 'outbox'],
  'directory.get': ['department', 'user'],
  'faq.search': ['faq_article'],
  'outbox.failures': ['outbox'],
  'dashboard.stats': ['ticket', 'message', 'department'],
  'billing.queue': ['order', 'invoice', 'license', 'license_transfer', 'url_change_request', 'account', 'outbox'],
  'files.tree': ['file_folder', 'file', 'blobs'],
  'files.uploads': ['uploads', 'message', 'outbox', 'ticket'],
  'files.accountView': ['file_folder', 'file', 'license', 'attachment', 'ticket', 'message', 'account', 'user'],
  'team.list': ['user', 'department', 'outbox'],
  'catalogue.list': ['outbox'],
  'newsletter.list': ['outbox'],
  'forum.categories': ['outbox'],
  'forum.threads': ['outbox'],
  'forum.thread': ['outbox'],
  'payout.list': ['outbox'],
  'audit.query': ['user', 'department', 'outbox', 'order', 'invoice', 'ledger_entry'],
  // Read from the server: reread when the server tells of held mail (the live stream), a decision went out (the outbox) or tickets moved.
  'heldMail.list': ['outbox', 'ticket', 'held_mail'],
  'account.privateData': ['ledger_entry', 'license', 'ticket', 'outbox'],
  'billing.account': ['order', 'invoice', 'license', 'license_event', 'license_transfer', 'url_change_request', 'account', 'outbox'],
};

/** Reads that concern one ticket: refetched only when that ticket (or "any ticket") changed. */
const perTicket: ReadonlySet<string> = new Set(['ticket.detail']);

export interface ChangeBatch {
  /** Anything may have changed (a fresh download, a reconnect). */
  everything: boolean;
  entities: Set<ConsoleEntity>;
  /** Empty with entities set: any ticket. */
  ticketIds: Set<number>;
}

export function isStale(query: Query, batch: ChangeBatch): boolean {
  const [op, input] = query.queryKey as [string, unknown];
  const deps = dependsOn[op as OperationName];
  // Session and sync status arrive by their own events; reads not listed are left alone.
  if (!deps) return false;
  if (batch.everything) return true;
  if (!deps.some((d) => batch.entities.has(d))) return false;
  if (!perTicket.has(op) || batch.ticketIds.size === 0) return true;
  const ticketId = (input as { ticketId?: number } | undefined)?.ticketId;
  return ticketId === undefined || batch.ticketIds.has(ticketId);
}
