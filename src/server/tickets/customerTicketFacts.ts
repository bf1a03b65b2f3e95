/**
 * What a customer's ticket page may offer now (close and its charge, reopen and until when,
 * whether a message starts a follow-up), decided by the shared life cycle with the server's
 * settings, so the portal never works out a rule of its own.
 */
import type { z } from 'zod';
import type { CustomerTicketFacts } from '../../shared/api/customerTickets';
import type { LifecycleSettings } from '../../shared/domain/model';
import { decide, type TicketState } from '../../shared/tickets/lifecycle';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { reopenWindowPassed } from './followUp';

type Facts = z.infer<typeof CustomerTicketFacts>;

const stateColumns = [
  't.status', 't.type', 't.priority', 't.hotRush', 't.cost', 't.departmentId', 't.assigneeId', 't.mergedIntoId', 't.clockStartedAt', 't.answeredAt',
  't.preClosedAt', 't.closedAt', 't.chargedPoints', 't.closeDueAt',
] as const;

/** The facts of ticket `number` of `accountId`, or null if the account has no such ticket. */
export async function customerTicketFacts(db: Queryable, accountId: number, number: number, now: number, settings: LifecycleSettings): Promise<Facts | null> {
  const row = await queryBuilder(db)
    .selectFrom('tickets as t')
    .leftJoin('licenses as l', (join) => join.onRef('l.id', '=', 't.licenseId').onRef('l.accountId', '=', 't.accountId'))
    .select([...stateColumns, 'l.key as licenseKey', 'l.product as licenseProduct', 'l.url as licenseUrl'])
    .where('t.number', '=', number)
    .where('t.accountId', '=', accountId)
    // The columns' CHECK constraints hold them to the life cycle's unions.
    .$narrowType<Pick<TicketState, 'status' | 'type' | 'priority'>>()
    .executeTakeFirst();
  if (!row) return null;
  const close = decide(row, { type: 'close', by: 'customer' }, now, settings);
  const reopen = decide(row, { type: 'reopen', by: 'customer' }, now, settings);
  return {
    license: row.licenseKey !== null ? { key: row.licenseKey, product: row.licenseProduct ?? '', url: row.licenseUrl ?? '' } : null,
    canClose: close.ok,
    chargeOnClose: close.ok ? close.charge : null,
    closesAt: row.status === 'pre_closed' ? row.closeDueAt : null,
    canReopen: reopen.ok,
    reopenUntil: row.status === 'closed' && row.mergedIntoId === null && row.closedAt !== null ? row.closedAt + settings.reopenWindowMs : null,
    messageStartsFollowUp: reopenWindowPassed(row, now, settings),
  };
}
