/**
 * What a customer's ticket page may offer now (close and its charge, reopen and until when,
 * whether a message starts a follow-up), decided by the shared life cycle with the server's
 * settings, so the portal never works out a rule of its own.
 */
import type { z } from 'zod';
import type { CustomerTicketFacts } from '../../shared/api/customerTickets';
import { decide, type TicketState } from '../../shared/tickets/lifecycle';
import { lifecycleSettings } from '../config/settings';
import type { Queryable } from '../db/database';
import { reopenWindowPassed } from './followUp';

type Facts = z.infer<typeof CustomerTicketFacts>;

const stateColumns = `t.status, t.type, t.priority, t.hot_rush AS "hotRush", t.cost, t.department_id AS "departmentId", t.assignee_id AS "assigneeId",
  t.merged_into_id AS "mergedIntoId", t.clock_started_at AS "clockStartedAt", t.answered_at AS "answeredAt", t.pre_closed_at AS "preClosedAt",
  t.closed_at AS "closedAt", t.charged_points AS "chargedPoints", t.close_due_at AS "closeDueAt"`;

/** The facts of ticket `number` of `accountId`, or null if the account has no such ticket. */
export async function customerTicketFacts(db: Queryable, accountId: number, number: number, now: number): Promise<Facts | null> {
  const [row] = await db.query<TicketState & { closeDueAt: number | null; licenseKey: string | null; licenseProduct: string | null; licenseUrl: string | null }>(
    `SELECT ${stateColumns}, l.key AS "licenseKey", l.product AS "licenseProduct", l.url AS "licenseUrl"
       FROM tickets t LEFT JOIN licenses l ON l.id = t.license_id AND l.account_id = t.account_id
      WHERE t.number = $1 AND t.account_id = $2`,
    [number, accountId],
  );
  if (!row) return null;
  const settings = await lifecycleSettings(db);
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
