/**
 * Account standing, queue order and the turnaround clock display (DOMAIN.md "Priority, HotRush
 * and queue order", "Turnaround clock").
 *
 * Replay a property failure with FC_SEED=<seed> npx vitest run tests/shared/queueOrder.test.ts
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { defaultLifecycleSettings as settings, type Priority } from '../../src/shared/domain/model';
import { accountStanding, basePriorityScore, compareQueueItems, effectiveScore, standingMinTickets, type QueueItem } from '../../src/shared/tickets/queueOrder';
import { clockState, dueAt, turnaroundTarget } from '../../src/shared/tickets/turnaround';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
const fcParams = { seed: Number(process.env.FC_SEED) || undefined, numRuns: 300 };

const repeat = <T,>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

describe('accountStanding', () => {
  it('has no effect with fewer than 5 tickets', () => {
    expect(standingMinTickets).toBe(5);
    for (let n = 0; n < 5; n++) {
      const standing = accountStanding(repeat<Priority>('major', n));
      expect(standing.adjustment).toBe(0);
      expect(effectiveScore('major', standing)).toBe(3);
      expect(effectiveScore('normal', standing)).toBe(2);
      expect(effectiveScore('minor', standing)).toBe(1);
    }
    expect(accountStanding(['minor', 'minor', 'minor', 'minor']).adjustment).toBe(0);
  });

  it('applies from 5 tickets on', () => {
    const standing = accountStanding(repeat<Priority>('major', 5));
    expect(standing.majorShare).toBe(1);
    expect(standing.minorShare).toBe(0);
    expect(standing.adjustment).toBe(-1);
  });

  it('an account that marks everything Major gets Normal on average: a Major ticket scores 2', () => {
    for (const n of [5, 12, 40]) {
      const standing = accountStanding(repeat<Priority>('major', n));
      expect(effectiveScore('major', standing)).toBe(basePriorityScore.normal);
      expect(effectiveScore('major', standing)).toBe(2);
    }
  });

  it("a mostly-Minor account's Major ticket scores above 3", () => {
    const priorities: Priority[] = ['minor', 'minor', 'minor', 'minor', 'major'];
    const standing = accountStanding(priorities);
    expect(standing.majorShare).toBeCloseTo(0.2);
    expect(standing.minorShare).toBeCloseTo(0.8);
    const score = effectiveScore('major', standing);
    expect(score).toBeCloseTo(3.6);
    expect(score).toBeGreaterThan(3);
    // and it is served before a Major ticket of an account without standing
    expect(score).toBeGreaterThan(effectiveScore('major', accountStanding([])));
  });

  it('an all-Normal account is unaffected', () => {
    const standing = accountStanding(repeat<Priority>('normal', 8));
    expect(standing.adjustment).toBe(0);
    expect(effectiveScore('major', standing)).toBe(3);
  });

  it('the adjustment is minorShare - majorShare and lies in [-1, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Priority>('major', 'normal', 'minor'), { maxLength: 60 }), (ps) => {
        const s = accountStanding(ps);
        if (ps.length < 5) {
          expect(s.adjustment).toBe(0);
          return;
        }
        const major = ps.filter((p) => p === 'major').length / ps.length;
        const minor = ps.filter((p) => p === 'minor').length / ps.length;
        expect(s.majorShare).toBeCloseTo(major);
        expect(s.minorShare).toBeCloseTo(minor);
        expect(s.adjustment).toBeCloseTo(minor - major);
        expect(s.adjustment).toBeGreaterThanOrEqual(-1);
        expect(s.adjustment).toBeLessThanOrEqual(1);
      }),
      fcParams,
    );
  });
});

const item = (over: Partial<QueueItem>): QueueItem => ({ hotRush: false, score: 2, dueAt: T0 + HOUR, number: 100, ...over });
const sortItems = (items: readonly QueueItem[]): QueueItem[] => [...items].sort(compareQueueItems);

describe('compareQueueItems', () => {
  it('puts HotRush first, even with a lower score and a later due time', () => {
    const rush = item({ hotRush: true, score: 1, dueAt: T0 + 10 * HOUR, number: 999 });
    const major = item({ score: 3.8, dueAt: T0, number: 1 });
    expect(sortItems([major, rush])).toEqual([rush, major]);
    expect(compareQueueItems(rush, major)).toBeLessThan(0);
    expect(compareQueueItems(major, rush)).toBeGreaterThan(0);
  });

  it('then the higher effective score first', () => {
    const a = item({ score: 2.4, dueAt: T0 + 9 * HOUR, number: 500 });
    const b = item({ score: 3, dueAt: T0 + 10 * HOUR, number: 501 });
    const c = item({ score: 1, dueAt: T0, number: 1 });
    expect(sortItems([c, a, b])).toEqual([b, a, c]);
  });

  it('then the soonest due time, with no due time last', () => {
    const none = item({ dueAt: null, number: 1 });
    const late = item({ dueAt: T0 + 5 * HOUR, number: 2 });
    const soon = item({ dueAt: T0 + HOUR, number: 3 });
    const overdue = item({ dueAt: T0 - HOUR, number: 4 });
    expect(sortItems([none, late, soon, overdue])).toEqual([overdue, soon, late, none]);
  });

  it('then the ticket number', () => {
    const a = item({ number: 104233 });
    const b = item({ number: 104230 });
    const c = item({ dueAt: null, number: 7 });
    const d = item({ dueAt: null, number: 3 });
    expect(sortItems([a, c, b, d])).toEqual([b, a, d, c]);
  });

  it('is 0 only for the same keys', () => {
    expect(compareQueueItems(item({}), item({}))).toBe(0);
    expect(compareQueueItems(item({ dueAt: null }), item({ dueAt: null }))).toBe(0);
  });

  // Keys in queue order: every comparison must follow this lexicographic order.
  const key = (q: QueueItem): [number, number, number, number] => [q.hotRush ? 0 : 1, -q.score, q.dueAt ?? Number.POSITIVE_INFINITY, q.number];
  const lex = (a: QueueItem, b: QueueItem): number => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return 0;
  };
  // Few distinct values so that ties on the leading keys are common.
  const itemArb: fc.Arbitrary<QueueItem> = fc.record({
    hotRush: fc.boolean(),
    score: fc.oneof(
      fc.constantFrom(1, 2, 3, 2.4, 3.6),
      fc.integer({ min: 0, max: 400 }).map((n) => n / 100),
    ),
    dueAt: fc.option(fc.integer({ min: -3, max: 3 }).map((h) => T0 + h * HOUR), { nil: null }),
    number: fc.integer({ min: 1, max: 30 }),
  });

  it('is a total order consistent with (HotRush, score desc, dueAt asc/null last, number)', () => {
    fc.assert(
      fc.property(itemArb, itemArb, itemArb, (a, b, c) => {
        const sign = (n: number) => Math.sign(n) + 0;
        // consistent with the keys (this also gives reflexivity and antisymmetry)
        expect(sign(compareQueueItems(a, b))).toBe(lex(a, b));
        expect(sign(compareQueueItems(b, a))).toBe(-lex(a, b) + 0);
        expect(compareQueueItems(a, a)).toBe(0);
        // transitivity
        if (compareQueueItems(a, b) <= 0 && compareQueueItems(b, c) <= 0) expect(compareQueueItems(a, c)).toBeLessThanOrEqual(0);
      }),
      fcParams,
    );
  });

  it('sorting gives the same order whatever the input order, and every neighbour pair is in key order', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 30 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), ([xs, shuffled]) => {
        const sorted = sortItems(xs);
        expect(sorted).toHaveLength(xs.length);
        for (let i = 1; i < sorted.length; i++) expect(lex(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
        // items with equal keys are equal objects here, so the order is fully determined
        expect(sortItems(shuffled)).toEqual(sorted);
        // every HotRush item precedes every other
        const firstPlain = sorted.findIndex((q) => !q.hotRush);
        if (firstPlain >= 0) expect(sorted.slice(firstPlain).some((q) => q.hotRush)).toBe(false);
      }),
      fcParams,
    );
  });
});

describe('clockState', () => {
  it('is paused in answered and pre_closed', () => {
    expect(clockState('answered', null, T0)).toEqual({ kind: 'paused' });
    expect(clockState('pre_closed', null, T0)).toEqual({ kind: 'paused' });
    // even if a stale due time is passed along
    expect(clockState('answered', T0 - HOUR, T0)).toEqual({ kind: 'paused' });
  });

  it('is stopped when closed or when there is no due time', () => {
    expect(clockState('closed', null, T0)).toEqual({ kind: 'stopped' });
    expect(clockState('closed', T0 - HOUR, T0)).toEqual({ kind: 'stopped' });
    expect(clockState('open', null, T0)).toEqual({ kind: 'stopped' });
  });

  it('runs with the time left in working statuses', () => {
    for (const status of ['new', 'open', 'in_progress']) {
      expect(clockState(status, T0 + 3 * HOUR, T0)).toEqual({ kind: 'running', msLeft: 3 * HOUR, breached: false });
    }
  });

  it('is breached when the time left is negative, not at exactly zero', () => {
    expect(clockState('in_progress', T0 - 1, T0)).toEqual({ kind: 'running', msLeft: -1, breached: true });
    expect(clockState('open', T0 - 2 * HOUR, T0)).toEqual({ kind: 'running', msLeft: -2 * HOUR, breached: true });
    expect(clockState('open', T0, T0)).toEqual({ kind: 'running', msLeft: 0, breached: false });
  });

  it('turnaround targets: HotRush 1h, major 4h, normal 12h, minor 24h', () => {
    expect(turnaroundTarget('major', true, settings)).toBe(HOUR);
    expect(turnaroundTarget('minor', true, settings)).toBe(HOUR);
    expect(turnaroundTarget('major', false, settings)).toBe(4 * HOUR);
    expect(turnaroundTarget('normal', false, settings)).toBe(12 * HOUR);
    expect(turnaroundTarget('minor', false, settings)).toBe(24 * HOUR);
    expect(dueAt(T0, 'normal', false, settings)).toBe(T0 + 12 * HOUR);
  });
});
