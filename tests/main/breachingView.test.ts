/**
 * The "Breaching within 1h" view (DOMAIN.md Turnaround clock): tickets whose clock is running
 * (new, open, in progress) and ends within the next hour or has already passed, since an
 * overdue ticket needs the team even more. Paused clocks (answered, pre-closed), closed and
 * log tickets and tickets without a clock are not in it, whatever due time their row holds.
 * The renderer's "soon" colour draws the same line: a clock with exactly an hour left is in
 * both (tests/renderer/turnaround.test.tsx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { forceRow } from '../../src/main/cache/mirrorRows';
import { countQueue, queryQueue } from '../../src/main/tickets/queues';
import type { TicketStatus } from '../../src/shared/domain/model';
import { openTempCache } from './support/fixtures';

const minute = 60_000;
const hour = 60 * minute;
const now = Date.UTC(2026, 10, 2, 9);

let cache: Cache;
const cases: Array<{ id: number; status: TicketStatus; dueAt: number | null; hotRush?: boolean; type?: string; breachedAt?: number }> = [
  { id: 1, status: 'open', dueAt: now + 30 * minute },
  { id: 2, status: 'in_progress', dueAt: now - 3 * hour, breachedAt: now - 3 * hour },
  { id: 3, status: 'new', dueAt: now + hour },
  { id: 4, status: 'new', dueAt: now + hour + 1 },
  { id: 5, status: 'open', dueAt: now + 2 * hour },
  { id: 6, status: 'answered', dueAt: now + 10 * minute },
  { id: 7, status: 'pre_closed', dueAt: now - hour },
  { id: 8, status: 'closed', dueAt: now - hour },
  { id: 9, status: 'open', dueAt: null },
  { id: 10, status: 'open', dueAt: now + 5 * minute, type: 'log' },
  { id: 11, status: 'new', dueAt: now + 50 * minute, hotRush: true },
];

beforeAll(() => {
  cache = openTempCache();
  forceRow(cache.writer, 'account', { id: 1, company: 'Acme', contactEmail: 'a@example.com', standingAdjustment: 0, newsletter: [], createdAt: 0, version: 1, pointsBalance: 0 });
  for (const c of cases) {
    forceRow(cache.writer, 'ticket', {
      id: c.id, number: 1000 + c.id, accountId: 1, authorUserId: null, type: c.type ?? 'tech', subject: `Ticket ${c.id}`, priority: 'normal', hotRush: c.hotRush ?? false,
      status: c.status, departmentId: 1, assigneeId: null, cost: 0, score: 2, dueAt: c.dueAt, breachedAt: c.breachedAt ?? null, createdAt: now - 5 * hour, updatedAt: now, version: 1,
    });
  }
});
afterAll(() => cache.close());

describe('breaching within 1h', () => {
  it('holds running clocks due within the hour or overdue, in queue order (HotRush first, then soonest due)', () => {
    const page = queryQueue(cache.reader, { kind: 'breaching', now }, { limit: 50 });
    expect(page.items.map((t) => t.id)).toEqual([11, 2, 1, 3]);
    expect(countQueue(cache.reader, { kind: 'breaching', now })).toBe(4);
    expect(page.items.find((t) => t.id === 2)).toMatchObject({ breachedAt: now - 3 * hour });
  });
});
