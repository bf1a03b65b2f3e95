import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { breachingBacklog, breachingSortLimit, countQueue, queryQueue, queueCounts, queueQuerySql, type QueueFilters, type QueueKey, type QueueView } from '../../src/main/tickets/queues';
import { searchCache } from '../../src/main/tickets/search';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { compareQueueItems } from '../../src/shared/tickets/queueOrder';
import { syntheticCache, type SyntheticTicket } from './support/syntheticCache';

const now = Date.UTC(2026, 10, 2, 9);
const seed = Number(process.env.SWITCHBOARD_TEST_SEED ?? 20261102);
const working = ['new', 'open', 'in_progress'];

const views: Array<{ view: QueueView; keep: (t: SyntheticTicket) => boolean }> = [
  { view: { kind: 'inbox' }, keep: (t) => t.status === 'new' },
  { view: { kind: 'mine', userId: 7 }, keep: (t) => t.assigneeId === 7 && t.status !== 'closed' },
  { view: { kind: 'department', departmentId: 1 }, keep: (t) => t.departmentId === 1 && working.includes(t.status) },
  { view: { kind: 'hotRush' }, keep: (t) => t.hotRush && t.status !== 'closed' },
  { view: { kind: 'breaching', now }, keep: (t) => working.includes(t.status) && t.dueAt !== null && t.dueAt <= now + 3_600_000 },
  { view: { kind: 'preClosed' }, keep: (t) => t.status === 'pre_closed' },
  { view: { kind: 'all' }, keep: () => true },
];

function plan(cache: Cache, sql: string, params: unknown[]): string[] {
  return (cache.reader.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
}

function allPages(cache: Cache, view: QueueView, filters?: QueueFilters): number[] {
  const ids: number[] = [];
  let after: QueueKey | undefined;
  for (;;) {
    const page = queryQueue(cache.reader, view, { filters, after, limit: 17 });
    ids.push(...page.items.map((i) => i.id));
    if (!page.next) return ids;
    after = page.next;
  }
}

describe('queues from the cache', () => {
  let cache: Cache;
  let tickets: SyntheticTicket[];
  beforeAll(() => {
    ({ cache, tickets } = syntheticCache({ tickets: 1500, messagesPerTicket: 3, seed, now }));
  });
  afterAll(() => cache.close());

  it.each(views.map((v) => [v.view.kind, v] as const))('%s: keyset pages give exactly the view, in queue order, without log tickets', (_kind, { view, keep }) => {
    const expected = tickets
      .filter((t) => t.type !== 'log' && keep(t))
      .sort(compareQueueItems)
      .map((t) => t.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(allPages(cache, view)).toEqual(expected);
  });

  it('applies filters on top of a view', () => {
    const filters: QueueFilters = { status: ['open', 'in_progress'], priority: ['major'], departmentId: [1, 2] };
    const expected = tickets
      .filter((t) => t.type !== 'log' && ['open', 'in_progress'].includes(t.status) && t.priority === 'major' && [1, 2].includes(t.departmentId ?? -1))
      .sort(compareQueueItems)
      .map((t) => t.id);
    expect(allPages(cache, { kind: 'all' }, filters)).toEqual(expected);
    const unassigned = allPages(cache, { kind: 'inbox' }, { assigneeId: null, accountId: 3 });
    expect(unassigned).toEqual(tickets.filter((t) => t.type !== 'log' && t.status === 'new' && t.assigneeId === null && t.accountId === 3).sort(compareQueueItems).map((t) => t.id));
  });

  it('filters by text over subjects and messages', () => {
    const hits = queryQueue(cache.reader, { kind: 'all' }, { filters: { text: 'problem 42' }, limit: 100 }).items;
    expect(hits.map((h) => h.number)).toContain(104042);
    expect(queryQueue(cache.reader, { kind: 'all' }, { filters: { text: '"); DROP TABLE tickets; --' } }).items).toEqual([]);
  });

  it.each(views.map((v) => [v.view.kind, v.view] as const))('%s: a page by offset (the scrollbar dragged) is the same rows as keyset paging gives there', (_kind, view) => {
    const all = allPages(cache, view);
    for (const offset of [0, 17, Math.floor(all.length / 2), Math.max(0, all.length - 5)]) {
      expect(queryQueue(cache.reader, view, { offset, limit: 17 }).items.map((i) => i.id), `offset ${offset}`).toEqual(all.slice(offset, offset + 17));
    }
    expect(countQueue(cache.reader, view)).toBe(all.length);
  });

  it('counts a view with its filters, and skips far down the index without reading the skipped rows', () => {
    const filters: QueueFilters = { status: ['open', 'in_progress'], priority: ['major'] };
    expect(countQueue(cache.reader, { kind: 'all' }, filters)).toBe(allPages(cache, { kind: 'all' }, filters).length);
    const q = queueQuerySql({ kind: 'all' }, { offset: 1000, limit: 50 })!;
    const steps = plan(cache, q.sql, q.params);
    // The skip walks the queue index; the columns are read for the page's ids only (looked up
    // by rowid, then the page's own rows put in order).
    expect(steps).toContain('SCAN t USING INDEX tickets_queue_all');
    expect(steps).toContain('SEARCH t USING INTEGER PRIMARY KEY (rowid=?)');
  });

  it('counts every view', () => {
    const counts = queueCounts(cache.reader, { userId: 7, departmentIds: [1, 4] }, now);
    for (const { view, keep } of views) {
      const n = tickets.filter((t) => t.type !== 'log' && keep(t)).length;
      if (view.kind === 'department') expect(counts.departments[view.departmentId]).toBe(n);
      else expect(counts[view.kind]).toBe(n);
    }
  });

  it.each(views.map((v) => [v.view.kind, v.view] as const))('%s: the query plan searches its index and sorts nothing (breaching: a small range, sorted)', (kind, view) => {
    for (const after of [undefined, { hot: 0, score: -2, due: now, number: 104100 }]) {
      const q = queueQuerySql(view, { after })!;
      const steps = plan(cache, q.sql, q.params);
      const main = steps[0]!;
      expect(main).toMatch(/^(SEARCH|SCAN) t USING (COVERING )?INDEX tickets_(queue|breaching)/);
      expect(steps.some((s) => /^SCAN (t|tickets)$/.test(s))).toBe(false);
      if (kind === 'breaching') expect(main).toMatch(/SEARCH t USING INDEX tickets_breaching \(due_at<\?\)/);
      else expect(steps).not.toContain('USE TEMP B-TREE FOR ORDER BY');
    }
  });

  it('breaching with a backlog: walks the working tickets in queue order instead of sorting every overdue one', () => {
    // A year on, every running clock is overdue: far more than the sort limit.
    const later = now + 365 * 86_400_000;
    const view: QueueView = { kind: 'breaching', now: later };
    const expected = tickets.filter((t) => t.type !== 'log' && working.includes(t.status) && t.dueAt !== null).sort(compareQueueItems).map((t) => t.id);
    expect(expected.length).toBeGreaterThan(breachingSortLimit);
    expect(breachingBacklog(cache.reader, later)).toBe(true);
    expect(breachingBacklog(cache.reader, now)).toBe(false);
    expect(allPages(cache, view)).toEqual(expected);
    expect(queryQueue(cache.reader, view, { offset: 100, limit: 17 }).items.map((i) => i.id)).toEqual(expected.slice(100, 117));
    for (const after of [undefined, { hot: 0, score: -2, due: now, number: 104100 }]) {
      const q = queueQuerySql(view, { after, backlog: true })!;
      const steps = plan(cache, q.sql, q.params);
      expect(steps[0]).toMatch(/^(SEARCH|SCAN) t USING INDEX tickets_queue_working/);
      expect(steps).not.toContain('USE TEMP B-TREE FOR ORDER BY');
    }
  });

  it('opens a ticket with its conversation in time order, from an index', () => {
    const detail = ticketDetail(cache.reader, 42)!;
    expect(detail.ticket.number).toBe(104042);
    expect(detail.messages.map((m) => m.body.split(' ')[1])).toEqual(['0', '1', '2']);
    const steps = plan(cache, 'SELECT id FROM messages m WHERE m.ticket_id = ? ORDER BY m.created_at, m.id', [42]);
    expect(steps[0]).toMatch(/SEARCH m USING (COVERING )?INDEX messages_ticket/);
  });

  it('searches subjects, messages and FAQ with highlighted snippets', () => {
    const hits = searchCache(cache.reader, 'checkout refund', { limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      const matched = h.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase());
      expect(matched.some((m) => m === 'checkout' || m === 'refund')).toBe(true);
    }
    const faq = searchCache(cache.reader, 'software files');
    expect(faq[0]).toMatchObject({ kind: 'faq', title: 'Why can not I see the software files?' });
    expect(searchCache(cache.reader, '***')).toEqual([]);
  });
});
