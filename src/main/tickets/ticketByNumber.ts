/** A ticket's queue row by its human number (#104233): the command palette and merge look tickets up this way. */
import type { TicketSummary } from '../../shared/console/schemas';
import type { CacheReader } from '../cache/cacheDatabase';
import { summaryColumns } from './queues';

const sql = `SELECT ${summaryColumns}
  FROM tickets t WHERE t.number = ? ORDER BY t.id DESC LIMIT 1`;

export function readTicketByNumber(r: CacheReader, number: number): TicketSummary | null {
  const row = r.statement(sql).get(number) as (Omit<TicketSummary, 'hotRush' | 'pending'> & { hotRush: number; pending: number }) | undefined;
  return row ? { ...row, hotRush: row.hotRush === 1, pending: row.pending === 1 } : null;
}
