/** A ticket's queue row by its human number (#104233): the command palette and merge look tickets up this way. */
import type { TicketSummary } from '../../../shared/console/schemas';
import type { CacheReader } from '../../cache/cacheDatabase';

const sql = `SELECT t.id, t.number, t.subject, t.status, t.type, t.priority, t.hot_rush AS hotRush, t.score, t.due_at AS dueAt,
    t.department_id AS departmentId, t.assignee_id AS assigneeId, t.account_id AS accountId, t.updated_at AS updatedAt,
    (SELECT a.company FROM accounts a WHERE a.id = t.account_id) AS company,
    EXISTS (SELECT 1 FROM pending_effects p WHERE p.entity = 'ticket' AND p.entity_id = t.id) AS pending
  FROM tickets t WHERE t.number = ? ORDER BY t.id DESC LIMIT 1`;

export function readTicketByNumber(r: CacheReader, number: number): TicketSummary | null {
  const row = r.statement(sql).get(number) as (Omit<TicketSummary, 'hotRush' | 'pending'> & { hotRush: number; pending: number }) | undefined;
  return row ? { ...row, hotRush: row.hotRush === 1, pending: row.pending === 1 } : null;
}
