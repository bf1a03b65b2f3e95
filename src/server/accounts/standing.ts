/**
 * Keeps an account's standing (the anti-misuse rule) and its open tickets' scores current
 * whenever one of its tickets is created or changes priority.
 */
import type { Priority } from '../../shared/domain/model';
import { accountStanding, standingWindowMs } from '../../shared/tickets/queueOrder';
import { queryBuilder, sql } from '../db/queryBuilder';
import type { ChangeWriter } from '../sync/changeLog';
import { effectiveScoreExpression } from '../tickets/queueScoreSql';

export async function refreshStanding(w: ChangeWriter, accountId: number): Promise<void> {
  const db = queryBuilder(w.tx);
  const recent = await db
    .selectFrom('tickets')
    .select('priority')
    .where('accountId', '=', accountId)
    .where('type', '<>', 'log')
    .where('createdAt', '>=', w.now - standingWindowMs)
    // The column's CHECK constraint holds it to the Priority union.
    .$narrowType<{ priority: Priority }>()
    .execute();
  const { adjustment } = accountStanding(recent.map((r) => r.priority));
  const changed = await db
    .updateTable('accounts')
    .set((eb) => ({ standingAdjustment: adjustment, version: eb('version', '+', 1) }))
    .where('id', '=', accountId)
    .where('standingAdjustment', '<>', adjustment)
    .returning('id')
    .execute();
  if (!changed.length) return;
  w.changed('account', accountId);
  const rescored = await db
    .updateTable('tickets')
    .set((eb) => ({ score: effectiveScoreExpression(eb.ref('priority'), sql<number>`${adjustment}::double precision`), version: eb('version', '+', 1) }))
    .where('accountId', '=', accountId)
    .where('status', '<>', 'closed')
    .returning('id')
    .execute();
  if (rescored.length) w.changedWhere('ticket', { ids: rescored.map((t) => t.id) });
}
