/**
 * The reads added for the console UI (issue 4), on a cache filled by hand: dashboard figures
 * (open by status and department, first-reply breaches per day, HotRush volume, the oldest
 * new ticket), queues in other orders with paging, and a ticket by its number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { forceRow } from '../../src/main/cache/mirrorRows';
import { readDirectory } from '../../src/main/accounts/directory';
import { readDashboardStats } from '../../src/main/dashboard/dashboard';
import { defaultLifecycleSettings } from '../../src/shared/domain/model';
import { querySortedQueue } from '../../src/main/tickets/sortedQueue';
import { readTicketByNumber } from '../../src/main/tickets/ticketByNumber';
import { openTempCache } from '../main/support/fixtures';

const hour = 3_600_000;
const now = Date.UTC(2026, 10, 20, 12, 0, 0);
const today = '2026-11-20';
const yesterday = '2026-11-19';

let cache: Cache;
let messageId = 1;

function ticket(id: number, t: { status: string; priority?: string; hotRush?: boolean; departmentId?: number | null; createdAt: number; updatedAt?: number; type?: string }): void {
  forceRow(cache.writer, 'ticket', {
    id, number: 1000 + id, accountId: 1, authorUserId: null, type: t.type ?? 'tech', subject: `Ticket ${id}`, priority: t.priority ?? 'normal', hotRush: t.hotRush ?? false,
    status: t.status, departmentId: t.departmentId === undefined ? 1 : t.departmentId, assigneeId: null, cost: 0, score: 2, dueAt: null,
    createdAt: t.createdAt, updatedAt: t.updatedAt ?? t.createdAt, version: 1,
  });
}

function staffReply(ticketId: number, at: number): void {
  forceRow(cache.writer, 'message', { id: messageId++, ticketId, authorUserId: 7, kind: 'staff', body: 'reply', createdAt: at, version: 1 });
}

beforeAll(() => {
  cache = openTempCache();
  forceRow(cache.writer, 'account', { id: 1, company: 'Acme', contactEmail: 'a@example.com', standingAdjustment: 0, newsletter: [], createdAt: 0, version: 1, pointsBalance: 0 });
  forceRow(cache.writer, 'department', { id: 1, name: 'Tech support', version: 1 });
  forceRow(cache.writer, 'department', { id: 2, name: 'Sales', version: 1 });
  // Major (4h target), due today 09:00: answered at 08:00, in time.
  ticket(1, { status: 'answered', priority: 'major', createdAt: now - 7 * hour });
  staffReply(1, now - 4 * hour);
  // Normal (12h), due today 10:00, answered 11:00: breached.
  ticket(2, { status: 'answered', createdAt: now - 14 * hour });
  staffReply(2, now - hour);
  // HotRush (1h), due yesterday 13:00, never answered: breached. New, the oldest in the inbox.
  ticket(3, { status: 'new', hotRush: true, createdAt: now - 24 * hour, departmentId: null });
  // Minor (24h), due tomorrow: not counted yet.
  ticket(4, { status: 'open', priority: 'minor', createdAt: now - 2 * hour, departmentId: 2 });
  ticket(5, { status: 'new', createdAt: now - 3 * hour, updatedAt: now });
  ticket(6, { status: 'closed', createdAt: now - 30 * 24 * hour });
  ticket(7, { status: 'open', type: 'log', createdAt: now - hour });
});
afterAll(() => cache.close());

describe('readDashboardStats', () => {
  it('counts open tickets by status and by department, log tickets left out', () => {
    const s = readDashboardStats(cache.reader, now);
    expect(Object.fromEntries(s.openByStatus.map((b) => [b.status, b.count]))).toEqual({ new: 2, open: 1, in_progress: 0, answered: 2, pre_closed: 0 });
    expect(s.openByDepartment).toEqual(
      expect.arrayContaining([
        { departmentId: 1, name: 'Tech support', count: 1 },
        { departmentId: 2, name: 'Sales', count: 1 },
        { departmentId: null, name: 'Not classified', count: 1 },
      ]),
    );
  });

  it('counts first-reply targets and their breaches on the day they fell due', () => {
    const s = readDashboardStats(cache.reader, now);
    expect(s.breachesPerDay).toHaveLength(14);
    expect(s.breachesPerDay.at(-1)).toEqual({ day: today, due: 2, breached: 1 });
    expect(s.breachesPerDay.at(-2)).toEqual({ day: yesterday, due: 1, breached: 1 });
    expect(s.hotRushPerDay.find((d) => d.day === yesterday)?.count).toBe(1);
    expect(s.oldestNew).toMatchObject({ ticketId: 3, number: 1003 });
  });

  it('covers the range asked for, today last, with the same figures for the days in both', () => {
    const week = readDashboardStats(cache.reader, now, 7);
    const month = readDashboardStats(cache.reader, now, 30);
    expect(week.breachesPerDay).toHaveLength(7);
    expect(month.hotRushPerDay).toHaveLength(30);
    expect(week.breachesPerDay.at(-1)).toEqual({ day: today, due: 2, breached: 1 });
    expect(month.breachesPerDay.slice(-7)).toEqual(week.breachesPerDay);
  });

  it('counts breaches against the targets in force, not the defaults', () => {
    // Targets twice the defaults: #1 (major, 8h) and #2 (normal, 24h) are not due yet; #3
    // (HotRush, 2h) fell due yesterday at 14:00, unanswered.
    const defaults = defaultLifecycleSettings.turnaroundMs;
    const doubled = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, v * 2])) as typeof defaults;
    const s = readDashboardStats(cache.reader, now, 14, doubled);
    expect(s.breachesPerDay.at(-1)).toEqual({ day: today, due: 0, breached: 0 });
    expect(s.breachesPerDay.at(-2)).toEqual({ day: yesterday, due: 1, breached: 1 });
  });
});

describe('querySortedQueue', () => {
  it('pages the view in the chosen order with its cursor', () => {
    const all = { kind: 'all' } as const;
    const newest = querySortedQueue(cache.reader, all, { sort: 'newest', limit: 4 });
    expect(newest.items.map((t) => t.id)).toEqual([6, 5, 4, 3]);
    const rest = querySortedQueue(cache.reader, all, { sort: 'newest', limit: 4, after: newest.next! });
    expect(rest.items.map((t) => t.id)).toEqual([2, 1]);
    expect(rest.next).toBeNull();
    expect(querySortedQueue(cache.reader, all, { sort: 'oldest', limit: 10 }).items.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const updated = querySortedQueue(cache.reader, all, { sort: 'updated', limit: 2 });
    expect(updated.items[0]!.id).toBe(5);
    const next = querySortedQueue(cache.reader, all, { sort: 'updated', limit: 10, after: updated.next! });
    expect([...updated.items, ...next.items].map((t) => t.id)).toEqual([5, 4, 1, 2, 3, 6]);
  });

  it('keeps the view and its filters', () => {
    expect(querySortedQueue(cache.reader, { kind: 'inbox' }, { sort: 'oldest', limit: 10 }).items.map((t) => t.id)).toEqual([3, 5]);
    expect(querySortedQueue(cache.reader, { kind: 'all' }, { sort: 'newest', limit: 10, filters: { status: ['answered'] } }).items.map((t) => t.id)).toEqual([2, 1]);
  });
});

describe('readTicketByNumber', () => {
  it('finds a ticket by its number, or nothing', () => {
    expect(readTicketByNumber(cache.reader, 1004)).toMatchObject({ id: 4, company: 'Acme', hotRush: false, pending: false });
    expect(readTicketByNumber(cache.reader, 999)).toBeNull();
  });
});

describe('readDirectory', () => {
  it('marks an archived department, so the forward pickers can leave it out', () => {
    forceRow(cache.writer, 'department', { id: 3, name: 'Hardware', archivedAt: now - hour, version: 2 });
    const { departments } = readDirectory(cache.reader);
    expect(departments.filter((d) => d.archived).map((d) => d.name)).toEqual(['Hardware']);
    expect(departments.find((d) => d.name === 'Tech support')).toMatchObject({ archived: false });
  });
});
