/**
 * Reading a ticket for a decision and writing the decided state back, with its change-log
 * entries: the ticket itself, and when its department or assignee moved, its conversation
 * for the scopes that gained it and a delete for the scopes that lost it.
 */
import type { LifecycleSettings, MessageVia } from '../../shared/domain/model';
import type { TicketState } from '../../shared/tickets/lifecycle';
import { effectiveScoreSql } from '../../shared/tickets/queueOrder';
import type { ChangeWriter } from '../sync/changeLog';
import { ticketScopes } from '../sync/scopes';
import { ApiError, notFound } from '../http/errors';
import { nextDeadlines, type TicketDeadlines } from '../lifecycle/deadlines';

export interface TicketRow extends TicketState, TicketDeadlines {
  id: number;
  number: number;
  accountId: number;
  subject: string;
  version: number;
  createdAt: number;
}

const columns = `id, number, account_id AS "accountId", subject, version, created_at AS "createdAt", status, type, priority,
  hot_rush AS "hotRush", cost, department_id AS "departmentId", assignee_id AS "assigneeId", merged_into_id AS "mergedIntoId",
  clock_started_at AS "clockStartedAt", answered_at AS "answeredAt", pre_closed_at AS "preClosedAt", closed_at AS "closedAt",
  charged_points AS "chargedPoints", due_at AS "dueAt", breached_at AS "breachedAt", pre_close_due_at AS "preCloseDueAt",
  close_due_at AS "closeDueAt"`;

/** Loads and row-locks a ticket, so concurrent decisions on it happen one after another. */
export async function lockTicket(w: ChangeWriter, by: { id: number } | { number: number }): Promise<TicketRow> {
  const [key, value] = 'id' in by ? ['id', by.id] : ['number', by.number];
  const [row] = await w.query<TicketRow>(`SELECT ${columns} FROM tickets WHERE ${key} = $1 FOR UPDATE`, [value]);
  if (!row) throw notFound(`ticket ${'id' in by ? by.id : `#${by.number}`}`);
  return row;
}

export { ticketScopes } from '../sync/scopes';

// The account's standing adjustment is read in the UPDATE itself: one statement less on
// every ticket write, which a drain of offline replies makes a thousand times.
const score = effectiveScoreSql('$4::text', 'coalesce((SELECT a.standing_adjustment FROM accounts a WHERE a.id = tickets.account_id), 0)');

/** Writes the decided state; emits the ticket's change and moves its conversation between scopes. */
export async function saveTicket(w: ChangeWriter, before: TicketRow, next: TicketState, settings: LifecycleSettings): Promise<void> {
  const d = nextDeadlines(before, next, settings);
  await w.query(
    `UPDATE tickets SET status = $2, type = $3, priority = $4, hot_rush = $5, cost = $6, department_id = $7, assignee_id = $8,
            merged_into_id = $9, clock_started_at = $10, answered_at = $11, pre_closed_at = $12, closed_at = $13,
            charged_points = $14, due_at = $15, score = ${score}, updated_at = $16, breached_at = $17, pre_close_due_at = $18,
            close_due_at = $19, version = version + 1
      WHERE id = $1`,
    [
      before.id, next.status, next.type, next.priority, next.hotRush, next.cost, next.departmentId, next.assigneeId,
      next.mergedIntoId, next.clockStartedAt, next.answeredAt, next.preClosedAt, next.closedAt, next.chargedPoints,
      d.dueAt, w.now, d.breachedAt, d.preCloseDueAt, d.closeDueAt,
    ],
  );
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

export async function insertMessage(
  w: ChangeWriter,
  m: { ticketId: number; authorUserId: number | null; kind: 'customer' | 'staff' | 'note'; body: string; clientRef?: string; via?: MessageVia },
): Promise<number> {
  const [row] = await w.query<{ id: number }>(
    `INSERT INTO ticket_messages (ticket_id, author_user_id, kind, body, client_ref, created_at, via) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (client_ref) DO NOTHING RETURNING id`,
    [m.ticketId, m.authorUserId, m.kind, m.body, m.clientRef ?? null, w.now, m.via ?? 'web'],
  );
  // Only a clientRef can conflict (a NULL one never does): that message was written already.
  if (!row) throw new ApiError(409, 'duplicate_client_ref', `clientRef "${m.clientRef}" belongs to a message that was already written; make a new one`, 'args.clientRef');
  w.changed('message', row!.id);
  return row!.id;
}

/** Books a ticket's first-close charge; the unique index makes a second charge impossible. */
export async function chargeTicket(w: ChangeWriter, t: TicketRow, points: number, actorId: number | null): Promise<void> {
  if (points <= 0) return;
  const rows = await w.query<{ id: number }>(
    `INSERT INTO ledger_entries (account_id, kind, points, reason, ticket_id, created_by, created_at)
     VALUES ($1, 'ticket_charge', $2, $3, $4, $5, $6)
     ON CONFLICT (ticket_id) WHERE kind = 'ticket_charge' DO NOTHING RETURNING id`,
    [t.accountId, -points, `Ticket #${t.number}: ${t.subject}`.slice(0, 300), t.id, actorId, w.now],
  );
  if (rows[0]) {
    w.changed('ledger_entry', rows[0].id);
    w.changed('account', t.accountId);
  }
}
