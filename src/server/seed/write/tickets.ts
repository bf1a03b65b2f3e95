/** Writes the tickets with their messages and attachments, linking follow-ups, merges and splits. */
import { type TicketState, newTicketState, ticketDueAt } from '../../../shared/tickets/lifecycle';
import { effectiveScore } from '../../../shared/tickets/queueOrder';
import type { Queryable } from '../../db/database';
import { BulkInsert } from '../bulkInsert';
import { EV, type EvKind, type TicketPlan, customerEvents, noteEvents } from '../plans';
import type { Rng } from '../random';
import type { SeedState } from '../seedState';
import { fill } from '../text/format';
import { TextWriter } from '../text/textWriter';
import { DAY, settings } from '../units';
import { attachmentNames } from '../vocabulary/phrases';

export async function writeTickets(state: SeedState, tx: Queryable): Promise<void> {
  const r = state.rng('ticket-links');
  const text = new TextWriter(state.rng('text'), state);
  const tickets = new BulkInsert(tx, 'tickets', [
    ['id', 'bigint'], ['number', 'bigint'], ['account_id', 'bigint'], ['author_user_id', 'bigint'], ['type', 'text'], ['subject', 'text'], ['license_id', 'bigint'],
    ['product_version', 'text'], ['priority', 'text'], ['hot_rush', 'boolean'], ['status', 'text'], ['department_id', 'bigint'], ['assignee_id', 'bigint'],
    ['cost', 'integer'], ['charged_points', 'integer'], ['score', 'double precision'], ['clock_started_at', 'bigint'], ['due_at', 'bigint'],
    ['answered_at', 'bigint'], ['pre_closed_at', 'bigint'], ['closed_at', 'bigint'], ['merged_into_id', 'bigint'], ['follow_up_of_id', 'bigint'],
    ['split_from_id', 'bigint'], ['created_at', 'bigint'], ['updated_at', 'bigint'], ['pre_close_due_at', 'bigint'], ['close_due_at', 'bigint'],
    ['breached_at', 'bigint'],
  ], 5000);
  const messages = new BulkInsert(tx, 'ticket_messages', [
    ['id', 'bigint'], ['ticket_id', 'bigint'], ['author_user_id', 'bigint'], ['kind', 'text'], ['body', 'text'], ['moved_from_ticket_id', 'bigint'], ['created_at', 'bigint'],
  ], 5000);
  // Flushed after each chunk's messages, which it references.
  const attachments = new BulkInsert(tx, 'attachments', [
    ['ticket_id', 'bigint'], ['message_id', 'bigint'], ['file_name', 'text'], ['size', 'bigint'], ['sha256', 'text'], ['uploaded_by', 'bigint'], ['created_at', 'bigint'],
  ], Number.POSITIVE_INFINITY);

  const chunk = 2000;
  for (let from = 0; from < state.tickets.length; from += chunk) {
    const part = state.tickets.slice(from, from + chunk);
    for (const t of part) {
      linkTicket(state, r, t);
      t.subject ||= text.subject(t);
      const ticketState: TicketState = {
        ...newTicketState({ type: t.type, priority: t.priority, hotRush: t.hotRush, departmentId: t.departmentId }, t.createdAt),
        status: t.status, cost: t.cost, assigneeId: t.assigneeId, clockStartedAt: t.clockStartedAt,
        answeredAt: t.answeredAt, preClosedAt: t.preClosedAt, closedAt: t.closedAt, chargedPoints: t.chargedPoints,
      };
      const dueAt = ticketDueAt(ticketState, settings);
      // The scheduler's deadlines as it would have stored them, and the breach it would have flagged.
      const preCloseDueAt = t.status === 'answered' ? t.answeredAt! + settings.preCloseAfterMs : null;
      const closeDueAt = t.status === 'pre_closed' ? t.preClosedAt! + settings.closeAfterMs : null;
      const breachedAt = dueAt !== null && dueAt <= state.now ? Math.min(state.now, dueAt + r.int(0, 30_000)) : null;
      await tickets.add(
        t.id, t.number, t.account.id, t.authorId, t.type, t.subject, t.license?.id ?? null, t.productVersion, t.priority, t.hotRush, t.status,
        t.departmentId, t.assigneeId, t.cost, t.chargedPoints, effectiveScore(t.priority, { adjustment: t.account.standing }), t.clockStartedAt,
        dueAt, t.answeredAt, t.preClosedAt, t.closedAt, t.mergedInto?.id ?? null, t.followUpOf?.id ?? null,
        t.splitFrom?.id ?? null, t.createdAt, t.updatedAt, preCloseDueAt, closeDueAt, breachedAt,
      );
      t.account.written.push(t);
      if (t.chargedPoints && t.chargedPoints > 0) {
        state.ledger.push({ accountId: t.account.id, kind: 'ticket_charge', points: -t.chargedPoints, reason: `Ticket #${t.number}: ${t.subject}`, ticketId: t.id, licenseId: null, orderId: null, createdBy: null, createdAt: t.chargedAt ?? t.closedAt ?? t.updatedAt });
      }
    }
    await tickets.flush();
    for (const t of part) {
      const ticketId = t.mergedInto ? t.mergedInto.id : t.id;
      const movedFrom = t.mergedInto ? t.id : null;
      for (let i = 0; i < t.evCount; i++) {
        const k = state.evKind[t.evStart + i]! as EvKind;
        const at = state.evTime[t.evStart + i]!;
        const author = state.evAuthor[t.evStart + i]!;
        const id = state.nextId.messages++;
        const kind = customerEvents.has(k) ? 'customer' : noteEvents.has(k) ? 'note' : 'staff';
        const body = text.message(t, k, at, author, i);
        await messages.add(id, ticketId, author, kind, body, movedFrom ?? (i === 0 && t.splitFrom ? t.splitFrom.id : null), at);
        if (k !== EV.log && k !== EV.note && k !== EV.dispatch && r.chance(k === EV.open ? 0.04 : 0.012)) {
          const customerSide = kind === 'customer';
          const name = fill(r.pick(customerSide ? attachmentNames.customer : attachmentNames.staff), { v: t.productVersion || '4.1.9' });
          // One content per name: a handful of blobs however many tickets, so the seed stays fast.
          const blob = state.demoFile(name, customerSide ? 'Attached by the customer' : 'Attached by the support engineer');
          await attachments.add(ticketId, id, name, blob.size, blob.sha256, author, at);
        }
      }
    }
    await messages.flush();
    await attachments.flush();
  }
}

/** Follow-ups, merges and splits point at earlier tickets of the same account. */
export function linkTicket(state: SeedState, r: Rng, t: TicketPlan): void {
  if (t.type === 'log') return;
  const earlier = t.account.written;
  const lookBack = (pred: (o: TicketPlan) => boolean): TicketPlan | null => {
    for (let i = earlier.length - 1, n = 0; i >= 0 && n < 40; i--, n++) {
      const o = earlier[i]!;
      if (o.type !== 'log' && !o.mergedInto && pred(o)) return o;
    }
    return null;
  };
  if (t.closeMode === 'merged') {
    // Cross-posting: the same question in a second ticket while the first was still open.
    t.mergedInto = lookBack((o) => o.type === t.type && o.createdAt < t.createdAt && (o.closedAt === null || o.closedAt > t.closedAt!) && o.status !== 'new');
    if (t.mergedInto) t.subject = t.mergedInto.subject;
    return;
  }
  if (r.chance(0.03)) {
    const old = lookBack((o) => o.type === t.type && o.status === 'closed' && o.closedAt !== null && o.closedAt + settings.reopenWindowMs < t.createdAt);
    if (old) {
      t.followUpOf = old;
      t.subject = old.subject.startsWith('Follow-up: ') ? old.subject : `Follow-up: ${old.subject}`;
      return;
    }
  }
  if ((t.status === 'new' || t.status === 'open') && r.chance(0.1)) {
    t.splitFrom = lookBack((o) => o.createdAt < t.createdAt && o.createdAt > t.createdAt - 30 * DAY);
  }
}
