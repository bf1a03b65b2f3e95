/**
 * Reading a ticket for a decision and writing the decided state back, with its change-log
 * entries: the ticket itself, and when its department or assignee moved, its conversation
 * for the scopes that gained it and a delete for the scopes that lost it.
 */
import type { LifecycleSettings, MessageVia } from '../../shared/domain/model';
import type { TicketState } from '../../shared/tickets/lifecycle';
import type { Kysely } from 'kysely';
import { preparedStatement, queryBuilder, sql, type Tables } from '../db/queryBuilder';
import type { ChangeWriter } from '../sync/changeLog';
import { ticketScopes } from '../sync/scopes';
import { ApiError, notFound } from '../http/errors';
import { nextDeadlines, type TicketDeadlines } from '../lifecycle/deadlines';
import { effectiveScoreExpression } from './queueScoreSql';

export interface TicketRow extends TicketState, TicketDeadlines {
  id: number;
  number: number;
  accountId: number;
  subject: string;
  version: number;
  createdAt: number;
}

const columns = [
  'id', 'number', 'accountId', 'subject', 'version', 'createdAt', 'status', 'type', 'priority', 'hotRush', 'cost', 'departmentId',
  'assigneeId', 'mergedIntoId', 'clockStartedAt', 'answeredAt', 'preClosedAt', 'closedAt', 'chargedPoints', 'dueAt', 'breachedAt',
  'preCloseDueAt', 'closeDueAt',
] as const;

// The three statements of every ticket decision, compiled once (preparedStatement): a drain
// of a thousand offline replies runs each a thousand times.
const lockById = preparedStatement<{ id: number }>()((db, p) => lockSelect(db).where('id', '=', p.id));
const lockByNumber = preparedStatement<{ number: number }>()((db, p) => lockSelect(db).where('number', '=', p.number));
function lockSelect(db: Kysely<Tables>) {
  return (
    db
      .selectFrom('tickets')
      .select(columns)
      .forUpdate()
      // The columns' CHECK constraints hold them to the life cycle's unions.
      .$narrowType<Pick<TicketState, 'status' | 'type' | 'priority'>>()
  );
}

/** Loads and row-locks a ticket, so concurrent decisions on it happen one after another. */
export async function lockTicket(w: ChangeWriter, by: { id: number } | { number: number }): Promise<TicketRow> {
  const [row] = 'id' in by ? await lockById(w.tx, by) : await lockByNumber(w.tx, by);
  if (!row) throw notFound(`ticket ${'id' in by ? by.id : `#${by.number}`}`);
  return row;
}

export { ticketScopes } from '../sync/scopes';

type TicketUpdate = TicketState & TicketDeadlines & { id: number; updatedAt: number };

const updateTicket = preparedStatement<TicketUpdate>()((db, p) =>
  db
    .updateTable('tickets')
    .set((eb) => ({
      status: p.status, type: p.type, priority: p.priority, hotRush: p.hotRush, cost: p.cost, departmentId: p.departmentId,
      assigneeId: p.assigneeId, mergedIntoId: p.mergedIntoId, clockStartedAt: p.clockStartedAt, answeredAt: p.answeredAt,
      preClosedAt: p.preClosedAt, closedAt: p.closedAt, chargedPoints: p.chargedPoints, dueAt: p.dueAt,
      // The account's standing adjustment is read in the UPDATE itself: one statement less on
      // every ticket write.
      score: effectiveScoreExpression(
        sql<string>`${p.priority}::text`,
        eb.fn.coalesce(eb.selectFrom('accounts as a').select('a.standingAdjustment').whereRef('a.id', '=', 'tickets.accountId'), sql.lit(0)),
      ),
      updatedAt: p.updatedAt, breachedAt: p.breachedAt, preCloseDueAt: p.preCloseDueAt, closeDueAt: p.closeDueAt, version: eb('version', '+', sql.lit(1)),
    }))
    .where('id', '=', p.id),
);

/** Writes the decided state; emits the ticket's change and moves its conversation between scopes. */
export async function saveTicket(w: ChangeWriter, before: TicketRow, next: TicketState, settings: LifecycleSettings): Promise<void> {
  const d = nextDeadlines(before, next, settings);
  await updateTicket(w.tx, {
    id: before.id, status: next.status, type: next.type, priority: next.priority, hotRush: next.hotRush, cost: next.cost, departmentId: next.departmentId,
    assigneeId: next.assigneeId, mergedIntoId: next.mergedIntoId, clockStartedAt: next.clockStartedAt, answeredAt: next.answeredAt,
    preClosedAt: next.preClosedAt, closedAt: next.closedAt, chargedPoints: next.chargedPoints, dueAt: d.dueAt,
    updatedAt: w.now, breachedAt: d.breachedAt, preCloseDueAt: d.preCloseDueAt, closeDueAt: d.closeDueAt,
  });
  w.changed('ticket', before.id);
  const was = ticketScopes(before);
  const now = ticketScopes(next);
  const gained = now.filter((s) => !was.includes(s));
  const lost = was.filter((s) => !now.includes(s));
  for (const entity of ['message', 'attachment'] as const) {
    w.changedWhere(entity, { ticketId: before.id }, { scopes: gained });
    w.changedWhere(entity, { ticketId: before.id }, { op: 'delete', scopes: lost });
  }
  if (lost.length) w.changedWhere('ticket', { id: before.id }, { op: 'delete', scopes: lost });
}

const insertMessageQuery = preparedStatement<{ ticketId: number; authorUserId: number | null; kind: 'customer' | 'staff' | 'note'; body: string; clientRef: string | null; createdAt: number; via: MessageVia }>()((db, p) =>
  db
    .insertInto('ticketMessages')
    .values({ ticketId: p.ticketId, authorUserId: p.authorUserId, kind: p.kind, body: p.body, clientRef: p.clientRef, createdAt: p.createdAt, via: p.via })
    .onConflict((oc) => oc.column('clientRef').doNothing())
    .returning('id'),
);

export async function insertMessage(
  w: ChangeWriter,
  m: { ticketId: number; authorUserId: number | null; kind: 'customer' | 'staff' | 'note'; body: string; clientRef?: string; via?: MessageVia },
): Promise<number> {
  const [row] = await insertMessageQuery(w.tx, { ...m, clientRef: m.clientRef ?? null, createdAt: w.now, via: m.via ?? 'web' });
  // Only a clientRef can conflict (a NULL one never does): that message was written already.
  if (!row) throw new ApiError(409, 'duplicate_client_ref', `clientRef "${m.clientRef}" belongs to a message that was already written; make a new one`, 'args.clientRef');
  w.changed('message', row.id);
  return row.id;
}

/** Books a ticket's first-close charge; the unique index makes a second charge impossible. */
export async function chargeTicket(w: ChangeWriter, t: TicketRow, points: number, actorId: number | null): Promise<void> {
  if (points <= 0) return;
  const row = await queryBuilder(w.tx)
    .insertInto('ledgerEntries')
    .values({ accountId: t.accountId, kind: 'ticket_charge', points: -points, reason: `Ticket #${t.number}: ${t.subject}`.slice(0, 300), ticketId: t.id, createdBy: actorId, createdAt: w.now })
    // A literal predicate, so PostgreSQL can match it to the partial unique index.
    .onConflict((oc) => oc.column('ticketId').where('kind', '=', sql.lit('ticket_charge')).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) {
    w.changed('ledger_entry', row.id);
    w.changed('account', t.accountId);
  }
}
