/**
 * The ticket queues of DOMAIN.md, served from the cache: the views (dispatch inbox, my
 * tickets, department queues, HotRush, breaching within 1h, pre-closed, all), filters, queue
 * order and keyset paging. Each view's WHERE clause repeats its partial index's condition
 * word for word, which is what lets SQLite use that index (tests/main/queues.test.ts).
 * Log tickets are in no queue.
 */
import type { Priority, TicketStatus, TicketType } from '../../shared/domain/model';
import type { CacheReader } from '../cache/cacheDatabase';
import { ftsQuery } from '../cache/ftsQuery';
import { assertNever } from '../../shared/assertNever';

export type QueueView =
  | { kind: 'inbox' }
  | { kind: 'mine'; userId: number }
  | { kind: 'department'; departmentId: number }
  | { kind: 'hotRush' }
  | { kind: 'breaching'; now: number }
  | { kind: 'preClosed' }
  | { kind: 'all' };

export interface QueueFilters {
  status?: TicketStatus[];
  type?: TicketType[];
  departmentId?: number[];
  priority?: Priority[];
  /** null: unassigned tickets only. */
  assigneeId?: number | null;
  accountId?: number;
  /** Words matched against subjects and message bodies. */
  text?: string;
}

/** Position of a row in queue order; pass the last one back as `after` for the next page. */
export interface QueueKey {
  hot: number;
  score: number;
  due: number;
  number: number;
}

export interface QueueItem {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  type: TicketType;
  priority: Priority;
  hotRush: boolean;
  score: number;
  dueAt: number | null;
  /** When the server flagged the running clock as breached. */
  breachedAt: number | null;
  departmentId: number | null;
  assigneeId: number | null;
  accountId: number;
  company: string | null;
  updatedAt: number;
  /** Shows a local change the server has not confirmed yet. */
  pending: boolean;
}

export interface QueuePage {
  items: QueueItem[];
  next: QueueKey | null;
}

const breachingWindowMs = 3_600_000;
/**
 * Up to this many tickets due within the hour, the breaching view sorts the due-time range;
 * beyond it (a backlog), it walks the working tickets in queue order instead, so a page costs
 * about the same however many are overdue.
 */
export const breachingSortLimit = 500;
const working = `t.type <> 'log' AND t.status IN ('new', 'open', 'in_progress')`;
/** How many tickets a text filter may match per source; a very common word stays fast. */
const textCandidateCap = 2000;

interface Sql {
  where: string[];
  params: unknown[];
  /** Pins the index where the planner, seeing several working statuses, would walk a larger one. */
  indexedBy?: string;
}

/** `backlog`: many tickets are breaching (see breachingSortLimit). */
function viewSql(view: QueueView, backlog = false): Sql {
  switch (view.kind) {
    case 'inbox':
      return { where: [`t.type <> 'log'`, `t.status = 'new'`], params: [] };
    case 'mine':
      return { where: [`t.type <> 'log' AND t.status <> 'closed'`, 't.assignee_id = ?'], params: [view.userId] };
    case 'department':
      return { where: [`t.type <> 'log' AND t.status IN ('new', 'open', 'in_progress')`, 't.department_id = ?'], params: [view.departmentId] };
    case 'hotRush':
      return { where: [`t.type <> 'log' AND t.status <> 'closed'`, 't.queue_hot = -1'], params: [] };
    case 'breaching':
      // Running clocks ending within the hour (the hour included, like the countdown's "soon") or already overdue.
      if (backlog) return { where: [working, 't.queue_due <= ?'], params: [view.now + breachingWindowMs], indexedBy: 'tickets_queue_working' };
      return { where: [working, 't.due_at <= ?'], params: [view.now + breachingWindowMs], indexedBy: 'tickets_breaching' };
    case 'preClosed':
      return { where: [`t.type <> 'log'`, `t.status = 'pre_closed'`], params: [] };
    case 'all':
      return { where: [`t.type <> 'log'`], params: [] };
    default:
      return assertNever(view, 'queue view');
  }
}

function inList(column: string, values: readonly unknown[], sql: Sql): void {
  sql.where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  sql.params.push(...values);
}

function filterSql(f: QueueFilters, sql: Sql): boolean {
  if (f.status?.length) inList('t.status', f.status, sql);
  if (f.type?.length) inList('t.type', f.type, sql);
  if (f.departmentId?.length) inList('t.department_id', f.departmentId, sql);
  if (f.priority?.length) inList('t.priority', f.priority, sql);
  if (f.assigneeId === null) sql.where.push('t.assignee_id IS NULL');
  else if (f.assigneeId !== undefined) {
    sql.where.push('t.assignee_id = ?');
    sql.params.push(f.assigneeId);
  }
  if (f.accountId !== undefined) {
    sql.where.push('t.account_id = ?');
    sql.params.push(f.accountId);
  }
  if (f.text !== undefined) {
    const match = ftsQuery(f.text);
    if (match === null) return false;
    sql.where.push(`t.id IN (
      SELECT rowid FROM (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ? ORDER BY rowid DESC LIMIT ${textCandidateCap})
      UNION SELECT m.ticket_id FROM messages m WHERE m.id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ? ORDER BY rowid DESC LIMIT ${textCandidateCap}))`);
    sql.params.push(match, match);
  }
  return true;
}

/** A queue row's columns from `tickets t` (hotRush and pending as 0/1), for every list of tickets the console shows. */
export const summaryColumns = `t.id, t.number, t.subject, t.status, t.type, t.priority, t.hot_rush AS hotRush, t.score, t.due_at AS dueAt,
  t.breached_at AS breachedAt, t.department_id AS departmentId, t.assignee_id AS assigneeId, t.account_id AS accountId, t.updated_at AS updatedAt,
  (SELECT a.company FROM accounts a WHERE a.id = t.account_id) AS company,
  EXISTS (SELECT 1 FROM pending_effects p WHERE p.entity = 'ticket' AND p.entity_id = t.id) AS pending`;

const itemColumns = `${summaryColumns}, t.queue_hot AS keyHot, t.queue_score AS keyScore, t.queue_due AS keyDue`;

const from = (sql: Sql): string => (sql.indexedBy ? `tickets t INDEXED BY ${sql.indexedBy}` : 'tickets t');

export const queueOrder = 't.queue_hot, t.queue_score, t.queue_due, t.number';

/** The SQL and parameters of one queue page (exported for the query-plan tests). */
export function queueQuerySql(
  view: QueueView,
  opts: { filters?: QueueFilters; after?: QueueKey; limit?: number; offset?: number; backlog?: boolean } = {},
): { sql: string; params: unknown[] } | null {
  const sql = viewSql(view, opts.backlog);
  if (opts.filters && !filterSql(opts.filters, sql)) return null;
  if (opts.after) {
    sql.where.push('(t.queue_hot, t.queue_score, t.queue_due, t.number) > (?, ?, ?, ?)');
    sql.params.push(opts.after.hot, opts.after.score, opts.after.due, opts.after.number);
  }
  const where = sql.where.join(' AND ');
  if (opts.offset) {
    // A page far down the view (the grid's scrollbar dragged): skip rows on the index alone,
    // then read the columns of the page's rows only, not of every row skipped.
    const ids = `SELECT t.id FROM ${from(sql)} WHERE ${where} ORDER BY ${queueOrder} LIMIT ? OFFSET ?`;
    return {
      sql: `SELECT ${itemColumns} FROM tickets t WHERE t.id IN (${ids}) ORDER BY ${queueOrder}`,
      params: [...sql.params, opts.limit ?? 50, opts.offset],
    };
  }
  sql.params.push(opts.limit ?? 50);
  return { sql: `SELECT ${itemColumns} FROM ${from(sql)} WHERE ${where} ORDER BY ${queueOrder} LIMIT ?`, params: sql.params };
}

type ItemRow = Omit<QueueItem, 'hotRush' | 'pending'> & { hotRush: number; pending: number; keyHot: number; keyScore: number; keyDue: number };

/** Whether more than breachingSortLimit tickets fall due within the hour of `now` (a bounded index count). */
export function breachingBacklog(r: CacheReader, now: number): boolean {
  const row = r
    .statement(`SELECT count(*) AS n FROM (SELECT 1 FROM tickets t INDEXED BY tickets_breaching WHERE ${working} AND t.due_at <= ? LIMIT ?)`)
    .get(now + breachingWindowMs, breachingSortLimit + 1) as { n: number };
  return row.n > breachingSortLimit;
}

export function queryQueue(r: CacheReader, view: QueueView, opts: { filters?: QueueFilters; after?: QueueKey; limit?: number; offset?: number } = {}): QueuePage {
  const q = queueQuerySql(view, { ...opts, backlog: view.kind === 'breaching' && breachingBacklog(r, view.now) });
  if (!q) return { items: [], next: null };
  const limit = opts.limit ?? 50;
  const rows = r.statement(q.sql).all(...q.params) as ItemRow[];
  const items = rows.map(({ keyHot: _h, keyScore: _s, keyDue: _d, ...row }) => ({ ...row, hotRush: row.hotRush === 1, pending: row.pending === 1 }));
  const last = rows.at(-1);
  return { items, next: last && rows.length === limit ? { hot: last.keyHot, score: last.keyScore, due: last.keyDue, number: last.number } : null };
}

export interface QueueCounts {
  inbox: number;
  mine: number;
  hotRush: number;
  breaching: number;
  preClosed: number;
  all: number;
  departments: Record<number, number>;
}

export function countQueue(r: CacheReader, view: QueueView, filters?: QueueFilters): number {
  const sql = viewSql(view);
  if (filters && !filterSql(filters, sql)) return 0;
  return (r.statement(`SELECT count(*) AS n FROM ${from(sql)} WHERE ${sql.where.join(' AND ')}`).get(...sql.params) as { n: number }).n;
}

/** The counts beside each view's name: one indexed count per view. */
export function queueCounts(r: CacheReader, me: { userId: number; departmentIds: readonly number[] }, now: number): QueueCounts {
  const departments: Record<number, number> = {};
  for (const d of me.departmentIds) departments[d] = countQueue(r, { kind: 'department', departmentId: d });
  return {
    inbox: countQueue(r, { kind: 'inbox' }),
    mine: countQueue(r, { kind: 'mine', userId: me.userId }),
    hotRush: countQueue(r, { kind: 'hotRush' }),
    breaching: countQueue(r, { kind: 'breaching', now }),
    preClosed: countQueue(r, { kind: 'preClosed' }),
    all: countQueue(r, { kind: 'all' }),
    departments,
  };
}
