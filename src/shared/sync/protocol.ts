/**
 * The wire format of SYNC.md, shared by the server's sync endpoints and the console's sync
 * engine: entities, changes, cursors, bootstrap pages and pushed mutations.
 */
import { z } from 'zod';
import { OrderItem } from '../billing/orderItems';
import { Priority, TicketType } from '../domain/model';
import { staffMutationArgs } from '../staff/staffRules';
import { catalogueMutationArgs } from '../catalogue/catalogue';
import { newsletterMutationArgs } from '../newsletters/newsletters';
import { forumMutationArgs } from '../forum/forum';
import { affiliateMutationArgs } from '../affiliates/affiliates';

/** Every entity the change log carries, in the order a bootstrap sends them. */
export const syncEntities = [
  'department',
  'user',
  'account',
  'license',
  'ledger_entry',
  'faq_article',
  'file_folder',
  'file',
  'ticket',
  'message',
  'attachment',
  'invoice',
  'order',
  'license_transfer',
  'url_change_request',
  'license_event',
] as const;
export const SyncEntity = z.enum(syncEntities);
export type SyncEntity = z.infer<typeof SyncEntity>;

/** A payload row: the entity's columns in camelCase, as JSON. */
export type SyncRow = Record<string, unknown> & { id: number; version: number };

export const Change = z.object({
  seq: z.number().int(),
  entity: SyncEntity,
  entityId: z.number().int(),
  op: z.enum(['upsert', 'delete']),
  rowVersion: z.number().int(),
  payload: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof Change>;

/** `epoch:seq`; the epoch changes when the log is trimmed or restored. */
export const Cursor = z.string().regex(/^[A-Za-z0-9_-]+:\d+$/, 'a cursor is epoch:seq as handed out by the server');
export const formatCursor = (epoch: string, seq: number): string => `${epoch}:${seq}`;
export function parseCursor(cursor: string): { epoch: string; seq: number } {
  const i = cursor.lastIndexOf(':');
  return { epoch: cursor.slice(0, i), seq: Number(cursor.slice(i + 1)) };
}

export const ChangesResponse = z.object({
  changes: z.array(Change),
  cursor: Cursor,
  upToDate: z.boolean(),
  lastMutationId: z.number().int(),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

/**
 * Rows per bootstrap page when the console does not ask otherwise, and the server's most.
 * Larger default pages gain little speed and leave the console's process much larger after
 * the first sync: the parsed rows in flight grow its heap.
 */
export const bootstrapPageRows = { default: 5_000, max: 20_000 } as const;

/**
 * Response header of a bootstrap page carrying the next page's key (the closing line's
 * `next`), absent on the last page. The server has the whole page before it answers, so it
 * can tell the key up front: the console asks for the next page as soon as this one's
 * headers arrive, and the server prepares it while the console parses and writes this one.
 */
export const bootstrapNextHeader = 'bootstrap-next';

/**
 * A bootstrap page is NDJSON: each run of one entity's rows starts with a columns line naming
 * the entity and its fields, and every row after it is a JSON array of the values in that
 * order (the wire fields of a change's `row`). Arrays instead of objects: a row's keys were
 * a fifth of a page's bytes, and both ends spent a good share of a bootstrap writing and
 * parsing them.
 */
export const BootstrapColumnsLine = z.object({ entity: SyncEntity, columns: z.array(z.string()).min(1) });
export type BootstrapColumnsLine = z.infer<typeof BootstrapColumnsLine>;
export const BootstrapRowLine = z.array(z.unknown());
export const BootstrapEndLine = z.object({
  end: z.literal(true),
  snapshotCursor: Cursor,
  /** Page key to pass as `after` for the next page, or null after the last page. */
  next: z.string().nullable(),
  /** Rows of each entity in this user's whole snapshot, for progress. */
  counts: z.record(z.string(), z.number().int()),
});
export type BootstrapEndLine = z.infer<typeof BootstrapEndLine>;

/** A page's rows as `{entity, row}` objects, for tests and tools (the console reads arrays as they stream). */
export function parseBootstrapPage(text: string): { rows: Array<{ entity: SyncEntity; row: Record<string, unknown> }>; end: BootstrapEndLine } {
  const rows: Array<{ entity: SyncEntity; row: Record<string, unknown> }> = [];
  let columns: BootstrapColumnsLine | null = null;
  let end: BootstrapEndLine | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const value: unknown = JSON.parse(line);
    if (Array.isArray(value)) {
      if (!columns) throw new Error('bootstrap: a row line before any columns line');
      const names = columns.columns;
      rows.push({ entity: columns.entity, row: Object.fromEntries(names.map((name, i) => [name, value[i]])) });
    } else if ((value as { end?: unknown }).end === true) end = BootstrapEndLine.parse(value);
    else columns = BootstrapColumnsLine.parse(value);
  }
  if (!end) throw new Error('bootstrap: the page has no closing line');
  return { rows, end };
}

const ticketId = z.number().int().positive();
const recordId = z.number().int().positive();
/** A decision's reason, told to the customer. */
const reason = z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters');
const body = z.string().trim().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters');

/** Every mutation a console may push, with its arguments. */
export const mutationArgs = {
  'ticket.classify': z.strictObject({
    ticketId,
    type: TicketType.exclude(['log']),
    departmentId: z.number().int().positive(),
    cost: z.number().int().min(0).max(10_000),
    priority: Priority.optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
  }),
  'ticket.forward': z.strictObject({ ticketId, departmentId: z.number().int().positive(), type: TicketType.exclude(['log']).optional() }),
  'ticket.claim': z.strictObject({ ticketId }),
  'ticket.assign': z.strictObject({ ticketId, assigneeId: z.number().int().positive().nullable() }),
  'ticket.reply': z.strictObject({ ticketId, body, clientRef: z.string().min(8).max(64).optional(), close: z.boolean().optional() }),
  'ticket.note': z.strictObject({ ticketId, body, clientRef: z.string().min(8).max(64).optional() }),
  'ticket.setPriority': z.strictObject({ ticketId, priority: Priority }),
  'ticket.setHotRush': z.strictObject({ ticketId, hotRush: z.boolean() }),
  'ticket.close': z.strictObject({ ticketId }),
  'ticket.reopen': z.strictObject({ ticketId }),
  'ticket.merge': z.strictObject({ ticketId, intoTicketId: ticketId }),
  'ticket.split': z.strictObject({ ticketId, messageId: z.number().int().positive(), subject: z.string().trim().min(1).max(300).optional() }),
  // Billing (staff.billing and staff.admin).
  'order.verify': z.strictObject({ orderId: recordId }),
  'order.reject': z.strictObject({ orderId: recordId, reason }),
  'invoice.issue': z.strictObject({
    accountId: recordId,
    description: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
    amountCents: z.number().int().positive('must be more than 0').max(100_000_000, 'must be at most 100000000 cents'),
    items: z.array(OrderItem).min(1, 'must list at least one item').max(50, 'must list at most 50 items'),
  }),
  'invoice.cancel': z.strictObject({ invoiceId: recordId }),
  'transfer.approve': z.strictObject({ transferId: recordId }),
  'transfer.reject': z.strictObject({ transferId: recordId, reason }),
  'urlChange.approve': z.strictObject({ requestId: recordId }),
  'urlChange.reject': z.strictObject({ requestId: recordId, reason }),
  // Held mail (staff.dispatcher and staff.admin): file it into a ticket, start a ticket with it, or discard it.
  'heldMail.accept': z.strictObject({ heldMailId: recordId, ticketId }),
  'heldMail.startTicket': z.strictObject({ heldMailId: recordId, accountId: recordId }),
  'heldMail.discard': z.strictObject({ heldMailId: recordId }),
  'ledger.adjust': z.strictObject({
    accountId: recordId,
    points: z.number().int().min(-100_000).max(100_000).refine((n) => n !== 0, 'must not be 0'),
    reason,
  }),
  // Staff and departments (staff.admin): src/shared/staff/staffRules.ts.
  ...staffMutationArgs,
  // The catalogue (staff.admin): src/shared/catalogue/catalogue.ts.
  ...catalogueMutationArgs,
  // Newsletters (staff.admin): src/shared/newsletters/newsletters.ts.
  ...newsletterMutationArgs,
  // The forum (categories and settings: staff.admin; posts and moderation: every staff role): src/shared/forum/forum.ts.
  ...forumMutationArgs,
  // Affiliate payouts (staff.billing and staff.admin): src/shared/affiliates/affiliates.ts.
  ...affiliateMutationArgs,
} as const;
export type MutationName = keyof typeof mutationArgs;
export const mutationNames = Object.keys(mutationArgs) as MutationName[];
export const MutationName = z.enum(mutationNames);
export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgs)[N]>;

export const PushRequest = z.strictObject({
  clientId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  mutations: z
    .array(z.strictObject({ id: z.number().int().positive(), name: z.string().min(1).max(64), args: z.unknown() }))
    .max(500, 'at most 500 mutations per push'),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationError = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });
export type MutationError = z.infer<typeof MutationError>;

export const PushResponse = z.object({
  results: z.array(z.object({ id: z.number().int(), status: z.enum(['applied', 'rejected']), error: MutationError.nullable() })),
  lastMutationId: z.number().int(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PresenceActivity = z.enum(['viewing', 'replying', 'left']);
export const PresenceUpdate = z.strictObject({ ticketId, activity: PresenceActivity });
export const PresenceEvent = z.object({ ticketId: z.number().int(), userId: z.number().int(), userName: z.string(), activity: PresenceActivity, at: z.number() });
export type PresenceEvent = z.infer<typeof PresenceEvent>;

/**
 * SSE `notification`: an event on a ticket that consoles call out to people: its turnaround
 * clock was breached, or it is HotRush (new, or just marked). Only consoles whose user may see
 * the ticket receive it; the ticket's new state arrives through the change log as usual.
 */
export const TicketNotificationKind = z.enum(['breach', 'hotrush']);
export const TicketNotification = z.object({ kind: TicketNotificationKind, ticketId: z.number().int(), number: z.number().int(), subject: z.string() });
export type TicketNotification = z.infer<typeof TicketNotification>;
