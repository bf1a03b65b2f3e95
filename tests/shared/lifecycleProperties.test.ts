/**
 * Properties of the ticket life cycle over random sequences of actions, actors and time
 * advances. The allowed transitions and the expected refusals below are written from
 * DOMAIN.md ("Life cycle", "Turnaround clock"), not derived from the code.
 *
 * Replay a failure with FC_SEED=<seed> npx vitest run tests/shared/lifecycleProperties.test.ts
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { defaultLifecycleSettings as settings, TicketStatus, type Priority, type TicketType } from '../../src/shared/domain/model';
import { decide, newTicketState, ticketDueAt, type Actor, type RefusalCode, type TicketAction, type TicketState } from '../../src/shared/tickets/lifecycle';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);

// Database ids (bigint identities, starting at 1).
const DEP_TECH = 1;
const DEP_SALES = 2;
const DEP_BILLING = 3;
const DEP_PROJECTS = 4;
const ENG_1 = 11;
const ENG_2 = 12;
const DISPATCHER = 21;
const TICKET_B = 104_233;
const TICKET_C = 104_234;

const fcParams = { seed: Number(process.env.FC_SEED) || undefined, numRuns: 300 };

type Status = TicketStatus;
type ActionType = TicketAction['type'];

const allStatuses: readonly Status[] = TicketStatus.options;
const working: readonly Status[] = ['new', 'open', 'in_progress'];
const notClosed: readonly Status[] = ['new', 'open', 'in_progress', 'answered', 'pre_closed'];

/**
 * The allowed transitions of DOMAIN.md: for each action, from which status it may be accepted
 * and to which statuses it may lead. Anything not listed must be refused.
 *
 * - classify: new → open (in_progress with an assignee); re-classifying a working ticket keeps it
 *   open/in_progress; rating an answered/pre-closed ticket does not change its status.
 * - forward: hands a working ticket to another department's queue (open, nobody has it yet).
 * - claim/assign: open → in_progress; unassigning in_progress → open; on a new ticket an
 *   assignee makes it in_progress; answered/pre_closed keep their status.
 * - staff public reply: any open state → answered.
 * - customer message: answered | pre_closed → open (in_progress if assigned); otherwise no change.
 * - close (customer or staff): any open state → closed.
 * - reopen: closed → open (in_progress if assigned).
 * - pre_close_due: answered → pre_closed; close_due: pre_closed → closed.
 * - merge_away: closes the ticket (a closed ticket stays closed).
 * - receive_merge, set_priority, set_hot_rush: open tickets only, no status change.
 * - note, split_from: no status change.
 */
const same = (from: readonly Status[]): Partial<Record<Status, readonly Status[]>> => Object.fromEntries(from.map((s) => [s, [s]]));
const allowed: Record<ActionType, Partial<Record<Status, readonly Status[]>>> = {
  classify: { new: ['open', 'in_progress'], open: ['open', 'in_progress'], in_progress: ['open', 'in_progress'], answered: ['answered'], pre_closed: ['pre_closed'] },
  forward: { new: ['open'], open: ['open'], in_progress: ['open'], answered: ['answered'], pre_closed: ['pre_closed'] },
  claim: { new: ['in_progress'], open: ['in_progress'], in_progress: ['in_progress'], answered: ['answered'], pre_closed: ['pre_closed'] },
  assign: { new: ['new', 'in_progress'], open: ['open', 'in_progress'], in_progress: ['open', 'in_progress'], answered: ['answered'], pre_closed: ['pre_closed'] },
  staff_reply: { new: ['answered'], open: ['answered'], in_progress: ['answered'], answered: ['answered'], pre_closed: ['answered'] },
  note: same(allStatuses),
  customer_message: { new: ['new'], open: ['open'], in_progress: ['in_progress'], answered: ['open', 'in_progress'], pre_closed: ['open', 'in_progress'] },
  set_priority: same(notClosed),
  set_hot_rush: same(notClosed),
  close: { new: ['closed'], open: ['closed'], in_progress: ['closed'], answered: ['closed'], pre_closed: ['closed'] },
  reopen: { closed: ['open', 'in_progress'] },
  pre_close_due: { answered: ['pre_closed'] },
  close_due: { pre_closed: ['closed'] },
  merge_away: { new: ['closed'], open: ['closed'], in_progress: ['closed'], answered: ['closed'], pre_closed: ['closed'], closed: ['closed'] },
  receive_merge: same(notClosed),
  split_from: same(allStatuses),
};

/** Actions that need an open ticket (DOMAIN.md: only open tickets take new messages, etc.). */
const needsOpenTicket: ReadonlySet<ActionType> = new Set<ActionType>([
  'classify',
  'forward',
  'claim',
  'assign',
  'staff_reply',
  'customer_message',
  'set_priority',
  'set_hot_rush',
  'close',
  'receive_merge',
]);

/** The refusal DOMAIN.md calls for, or null when the action must be accepted. */
function expectedRefusal(s: TicketState, a: TicketAction, now: number): RefusalCode | null {
  if (s.mergedIntoId !== null && a.type !== 'note') return 'ticket_merged';
  if (needsOpenTicket.has(a.type) && s.status === 'closed') return 'ticket_closed';
  switch (a.type) {
    case 'claim':
      return s.assigneeId !== null && s.assigneeId !== a.userId ? 'already_claimed' : null;
    case 'reopen':
      if (s.status !== 'closed') return 'invalid_transition';
      return now - s.closedAt! > settings.reopenWindowMs ? 'reopen_window_passed' : null;
    case 'pre_close_due':
      if (s.status !== 'answered') return 'invalid_transition';
      return now - s.answeredAt! < settings.preCloseAfterMs ? 'not_due' : null;
    case 'close_due':
      if (s.status !== 'pre_closed') return 'invalid_transition';
      return now - s.preClosedAt! < settings.closeAfterMs ? 'not_due' : null;
    default:
      return null;
  }
}

// ---- generators ----

const userIdArb = fc.constantFrom(ENG_1, ENG_2, DISPATCHER);
const deptArb = fc.constantFrom(DEP_TECH, DEP_SALES, DEP_BILLING, DEP_PROJECTS);
const typeArb: fc.Arbitrary<TicketType> = fc.constantFrom('tech', 'sales', 'project', 'complaint');
const priorityArb: fc.Arbitrary<Priority> = fc.constantFrom('major', 'normal', 'minor');
const actorArb: fc.Arbitrary<Actor> = fc.constantFrom('customer', 'staff', 'system');
const costArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }));

/** Every TicketAction variant; the timed and message actions weigh more so that sequences reach
 * pre_closed and closed often enough. */
const w = (weight: number, arbitrary: fc.Arbitrary<TicketAction>) => ({ weight, arbitrary });
const actionArb: fc.Arbitrary<TicketAction> = fc.oneof(
  w(
    2,
    fc.record(
      { type: fc.constant('classify' as const), ticketType: typeArb, departmentId: deptArb, cost: costArb, priority: priorityArb, assigneeId: fc.option(userIdArb, { nil: null }) },
      { requiredKeys: ['type', 'ticketType', 'departmentId', 'cost'] },
    ),
  ),
  w(1, fc.record({ type: fc.constant('forward' as const), departmentId: deptArb, ticketType: typeArb }, { requiredKeys: ['type', 'departmentId'] })),
  w(2, fc.record({ type: fc.constant('claim' as const), userId: userIdArb })),
  w(1, fc.record({ type: fc.constant('assign' as const), assigneeId: fc.option(userIdArb, { nil: null }) })),
  w(4, fc.constant({ type: 'staff_reply' as const })),
  w(1, fc.constant({ type: 'note' as const })),
  w(3, fc.constant({ type: 'customer_message' as const })),
  w(1, fc.record({ type: fc.constant('set_priority' as const), priority: priorityArb })),
  w(1, fc.record({ type: fc.constant('set_hot_rush' as const), hotRush: fc.boolean() })),
  w(3, fc.record({ type: fc.constant('close' as const), by: actorArb })),
  w(3, fc.record({ type: fc.constant('reopen' as const), by: actorArb })),
  w(4, fc.constant({ type: 'pre_close_due' as const })),
  w(4, fc.constant({ type: 'close_due' as const })),
  w(1, fc.record({ type: fc.constant('merge_away' as const), targetId: fc.constantFrom(TICKET_B, TICKET_C) })),
  w(1, fc.constant({ type: 'receive_merge' as const })),
  w(1, fc.constant({ type: 'split_from' as const })),
);

/** Time advances from 0 to 20 days, with extra weight on short gaps and the rule boundaries. */
const advanceArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 20 * DAY }), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 6 * HOUR }), weight: 4 },
  {
    arbitrary: fc.constantFrom(0, 1, 48 * HOUR - 1, 48 * HOUR, 72 * HOUR - 1, 72 * HOUR, 14 * DAY, 14 * DAY + 1, 20 * DAY),
    weight: 2,
  },
);

const initialArb = fc.record({ type: typeArb, priority: priorityArb, hotRush: fc.boolean(), departmentId: fc.option(deptArb, { nil: null }) });
const stepsArb = fc.array(fc.record({ advance: advanceArb, action: actionArb }), { minLength: 1, maxLength: 40, size: 'max' });

// ---- invariants ----

function checkStateInvariants(s: TicketState): void {
  expect(allStatuses).toContain(s.status);
  // closedAt is non-null iff the ticket is closed
  expect(s.closedAt !== null).toBe(s.status === 'closed');
  // the clock: ticketDueAt is null iff the status is not a working one or the clock is stopped
  const due = ticketDueAt(s, settings);
  expect(due === null).toBe(!working.includes(s.status) || s.clockStartedAt === null);
  // and in a working status the clock runs (from creation or the last customer message/reopen);
  // it is paused in answered/pre_closed and stopped when closed
  expect(s.clockStartedAt !== null).toBe(working.includes(s.status));
  if (due !== null) {
    const target = s.hotRush ? settings.turnaroundMs.hotRush : settings.turnaroundMs[s.priority];
    expect(due).toBe(s.clockStartedAt! + target);
  }
  // open (or in_progress if assigned)
  if (s.status === 'in_progress') expect(s.assigneeId).not.toBeNull();
  if (s.status === 'open') expect(s.assigneeId).toBeNull();
  if (s.status === 'answered') expect(s.answeredAt).not.toBeNull();
  if (s.status === 'pre_closed') expect(s.preClosedAt).not.toBeNull();
  // a merged ticket is closed and was settled (with nothing, unless charged before)
  if (s.mergedIntoId !== null) {
    expect(s.status).toBe('closed');
    expect(s.chargedPoints).not.toBeNull();
  }
  if (s.status === 'closed') expect(s.chargedPoints).not.toBeNull();
  if (s.chargedPoints !== null) expect(s.chargedPoints).toBeGreaterThanOrEqual(0);
}

interface RunStats {
  visited: Set<Status>;
  accepted: Set<string>;
  refused: Set<RefusalCode>;
}

function runSequence(init: Parameters<typeof newTicketState>[0], steps: Array<{ advance: number; action: TicketAction }>, stats?: RunStats): void {
  let now = T0;
  let s = newTicketState(init, now);
  checkStateInvariants(s);
  let totalCharged = 0;
  let chargesMade = 0;
  stats?.visited.add(s.status);

  for (const { advance, action } of steps) {
    now += advance;
    const before = Object.freeze({ ...s });
    const snapshot = structuredClone(before);
    const d = decide(before, action, now, settings);

    // decide is pure: the input is untouched and the same call gives the same answer
    expect(before).toEqual(snapshot);
    expect(decide(before, action, now, settings)).toEqual(d);

    const expected = expectedRefusal(before, action, now);
    if (!d.ok) {
      // a refused action never changes anything: the caller keeps the old state
      expect(d.code).toBe(expected);
      expect(d.reason.length).toBeGreaterThan(0);
      stats?.refused.add(d.code);
      continue;
    }
    expect(expected).toBeNull();

    const next = d.next;
    // the (from status, action) transition is in the allowed table
    const targets = allowed[action.type][before.status];
    expect(targets, `${action.type} accepted from ${before.status}`).toBeDefined();
    expect(targets).toContain(next.status);
    stats?.accepted.add(`${before.status}:${action.type}`);
    stats?.visited.add(next.status);

    // charges: at most once, at the first close, and chargedPoints never changes afterwards
    expect(d.charge).toBeGreaterThanOrEqual(0);
    if (before.chargedPoints !== null) {
      expect(d.charge).toBe(0);
      expect(next.chargedPoints).toBe(before.chargedPoints);
    } else if (next.chargedPoints !== null) {
      // this is the first close
      expect(next.status).toBe('closed');
      if (action.type === 'merge_away') {
        expect(d.charge).toBe(0);
        expect(next.chargedPoints).toBe(0);
      } else {
        expect(['close', 'close_due']).toContain(action.type);
        if (before.cost > 0) {
          expect(d.charge).toBe(before.cost + (before.hotRush ? settings.hotRushSurcharge : 0));
        } else if (!before.hotRush) {
          expect(d.charge).toBe(0);
        }
        expect(next.chargedPoints).toBe(d.charge);
      }
    } else {
      expect(d.charge).toBe(0);
    }
    if (d.charge > 0) chargesMade += 1;
    expect(chargesMade).toBeLessThanOrEqual(1);
    totalCharged += d.charge;
    expect(totalCharged).toBe(next.chargedPoints ?? 0);

    // clock rules: stops at a staff reply, restarts at a customer message that follows one,
    // and at a reopen
    if (action.type === 'staff_reply') expect(next.clockStartedAt).toBeNull();
    if (action.type === 'customer_message' && (before.status === 'answered' || before.status === 'pre_closed')) {
      expect(next.clockStartedAt).toBe(now);
      expect(next.status).toBe(before.assigneeId ? 'in_progress' : 'open');
    }
    if (action.type === 'customer_message' && working.includes(before.status)) {
      expect(next.clockStartedAt).toBe(before.clockStartedAt);
    }
    if (action.type === 'reopen') {
      expect(next.clockStartedAt).toBe(now);
      expect(next.status).toBe(before.assigneeId ? 'in_progress' : 'open');
    }
    if (action.type === 'merge_away') expect(next.mergedIntoId).toBe(action.targetId);
    if (action.type === 'note' || action.type === 'split_from' || action.type === 'receive_merge') expect(next).toEqual(before);
    if (next.status === 'closed' && before.status !== 'closed') expect(next.closedAt).toBe(now);

    checkStateInvariants(next);
    s = next;
  }
}

describe('ticket life cycle properties', () => {
  it('every sequence of actions keeps the life cycle rules of DOMAIN.md', () => {
    fc.assert(
      fc.property(initialArb, stepsArb, (init, steps) => {
        runSequence(init, steps);
      }),
      fcParams,
    );
  });

  it('the generator reaches every status, transition kind and refusal (fixed seed)', () => {
    // A deterministic check that the random sequences above are not vacuous.
    const stats: RunStats = { visited: new Set(), accepted: new Set(), refused: new Set() };
    const samples = fc.sample(fc.tuple(initialArb, stepsArb), { seed: 20240115, numRuns: 1000 });
    for (const [init, steps] of samples) runSequence(init, steps, stats);
    expect([...stats.visited].sort()).toEqual([...allStatuses].sort());
    for (const [action, froms] of Object.entries(allowed)) {
      for (const from of Object.keys(froms)) {
        expect(stats.accepted, `${from}:${action}`).toContain(`${from}:${action}`);
      }
    }
    for (const code of ['ticket_closed', 'ticket_merged', 'invalid_transition', 'already_claimed', 'reopen_window_passed', 'not_due'] as const) {
      expect(stats.refused, code).toContain(code);
    }
  });

  it('a ticket that is worked on to its first close is charged cost (+ HotRush surcharge) exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.boolean(),
        fc.constantFrom<'close' | 'close_due'>('close', 'close_due'),
        stepsArb,
        (cost, hotRush, how, later) => {
          let now = T0;
          let s = newTicketState({ type: 'tech', priority: 'normal', hotRush, departmentId: null }, now);
          const must = (a: TicketAction, at: number): number => {
            const d = decide(s, a, at, settings);
            if (!d.ok) throw new Error(`${a.type} refused: ${d.code}`);
            s = d.next;
            return d.charge;
          };
          must({ type: 'classify', ticketType: 'tech', departmentId: DEP_TECH, cost }, (now += MINUTE));
          must({ type: 'staff_reply' }, (now += HOUR));
          let charge: number;
          if (how === 'close') {
            charge = must({ type: 'close', by: 'customer' }, (now += HOUR));
          } else {
            must({ type: 'pre_close_due' }, (now += settings.preCloseAfterMs));
            charge = must({ type: 'close_due' }, (now += settings.closeAfterMs));
          }
          const expected = cost + (hotRush ? settings.hotRushSurcharge : 0);
          expect(charge).toBe(expected);
          expect(s.chargedPoints).toBe(expected);
          // whatever happens afterwards, nothing more is charged
          for (const { advance, action } of later) {
            now += advance;
            const d = decide(s, action, now, settings);
            if (!d.ok) continue;
            expect(d.charge).toBe(0);
            expect(d.next.chargedPoints).toBe(expected);
            s = d.next;
          }
        },
      ),
      fcParams,
    );
  });

  it('a refused action leaves the state untouched', () => {
    fc.assert(
      fc.property(initialArb, stepsArb, actionArb, fc.integer({ min: 0, max: 20 * DAY }), (init, steps, probe, advance) => {
        let now = T0;
        let s = newTicketState(init, now);
        for (const step of steps) {
          now += step.advance;
          const d = decide(s, step.action, now, settings);
          if (d.ok) s = d.next;
        }
        const frozen = Object.freeze({ ...s });
        const copy = structuredClone(frozen);
        const d = decide(frozen, probe, now + advance, settings);
        expect(frozen).toEqual(copy);
        if (!d.ok) expect(Object.keys(d).sort()).toEqual(['code', 'ok', 'reason']);
      }),
      fcParams,
    );
  });
});
