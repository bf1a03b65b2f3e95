/**
 * A queue view in another order than queue order (latest activity, newest or oldest ticket
 * first), for looking tickets up rather than working them. The view and its filters come from
 * the cache's own queue SQL, so both orders always show the same tickets; this wraps it and
 * re-sorts. The queue indexes cannot serve these orders, so a page sorts the whole view
 * (tens of milliseconds at 100k tickets): fine for a lookup, not for the hot path.
 */
import type { QueueSort, SortedCursor, TicketSummary } from '../../shared/console/schemas';
import type { CacheReader } from '../cache/cacheDatabase';
import { queueQuerySql, type QueueFilters, type QueueView } from './queues';

type OtherSort = Exclude<QueueSort, 'queue'>;

const orders: Record<OtherSort, { key: string; after: string; orderBy: string }> = {
  updated: { key: 'q.updatedAt', after: '(q.updatedAt < ? OR (q.updatedAt = ? AND q.number < ?))', orderBy: 'q.updatedAt DESC, q.number DESC' },
  newest: { key: 'q.number', after: 'q.number < ?', orderBy: 'q.number DESC' },
  oldest: { key: 'q.number', after: 'q.number > ?', orderBy: 'q.number ASC' },
};

function afterParams(sort: OtherSort, c: SortedCursor): unknown[] {
  return sort === 'updated' ? [c.key, c.key, c.number] : [c.number];
}

type Row = Omit<TicketSummary, 'hotRush' | 'pending'> & { hotRush: number; pending: number; sortKey: number };

export function querySortedQueue(
  r: CacheReader,
  view: QueueView,
  opts: { sort: OtherSort; filters?: QueueFilters; after?: SortedCursor; limit: number; offset?: number },
): { items: TicketSummary[]; next: SortedCursor | null } {
  // LIMIT -1: the whole view, in whatever order; the outer query sorts and pages.
  const inner = queueQuerySql(view, { filters: opts.filters, limit: -1 });
  if (!inner) return { items: [], next: null };
  const order = orders[opts.sort];
  const where = opts.after ? `WHERE ${order.after}` : '';
  const sql = `SELECT q.*, ${order.key} AS sortKey FROM (${inner.sql}) q ${where} ORDER BY ${order.orderBy} LIMIT ? OFFSET ?`;
  const params = [...inner.params, ...(opts.after ? afterParams(opts.sort, opts.after) : []), opts.limit, opts.offset ?? 0];
  const rows = r.statement(sql).all(...params) as Array<Row & Record<string, unknown>>;
  const items = rows.map((row): TicketSummary => ({
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    type: row.type,
    priority: row.priority,
    hotRush: row.hotRush === 1,
    score: row.score,
    dueAt: row.dueAt,
    breachedAt: row.breachedAt,
    departmentId: row.departmentId,
    assigneeId: row.assigneeId,
    accountId: row.accountId,
    company: row.company,
    updatedAt: row.updatedAt,
    pending: row.pending === 1,
  }));
  const last = rows.at(-1);
  return { items, next: last && rows.length === opts.limit ? { key: last.sortKey, number: last.number } : null };
}
