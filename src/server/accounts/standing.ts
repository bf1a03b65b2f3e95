/**
 * Keeps an account's standing (the anti-misuse rule) and its open tickets' scores current
 * whenever one of its tickets is created or changes priority.
 */
import type { Priority } from '../../shared/domain/model';
import { accountStanding, effectiveScoreSql, standingWindowMs } from '../../shared/tickets/queueOrder';
import type { ChangeWriter } from '../sync/changeLog';

export async function refreshStanding(w: ChangeWriter, accountId: number): Promise<void> {
  const recent = await w.query<{ priority: Priority }>(
    `SELECT priority FROM tickets WHERE account_id = $1 AND type <> 'log' AND created_at >= $2`,
    [accountId, w.now - standingWindowMs],
  );
  const { adjustment } = accountStanding(recent.map((r) => r.priority));
  const changed = await w.query<{ id: number }>(
    `UPDATE accounts SET standing_adjustment = $2, version = version + 1 WHERE id = $1 AND standing_adjustment <> $2 RETURNING id`,
    [accountId, adjustment],
  );
  if (!changed.length) return;
  w.changed('account', accountId);
  const rescored = await w.query<{ id: number }>(
    `UPDATE tickets SET score = ${effectiveScoreSql('priority', '$2::double precision')}, version = version + 1
      WHERE account_id = $1 AND status <> 'closed' RETURNING id`,
    [accountId, adjustment],
  );
  if (rescored.length) w.changedWhere('ticket', { ids: rescored.map((t) => t.id) });
}
