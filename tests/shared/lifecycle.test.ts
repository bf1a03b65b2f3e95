/**
 * One example per rule of DOMAIN.md "Life cycle" and "Turnaround clock", against the pure
 * state machine `decide(state, action, now, settings)`.
 */
import { describe, it, expect } from 'vitest';
import { defaultLifecycleSettings as settings, type Priority } from '../../src/shared/domain/model';
import { decide, newTicketState, ticketDueAt, type Decision, type TicketAction, type TicketState } from '../../src/shared/tickets/lifecycle';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);

// Database ids (bigint identities, starting at 1).
const DEP_TECH = 1;
const DEP_SALES = 2;
const ENG_1 = 11;
const ENG_2 = 12;
const ENG_7 = 17;
const TICKET_B = 104_233;
const TICKET_C = 104_234;

function fresh(overrides: Partial<Parameters<typeof newTicketState>[0]> = {}, now = T0): TicketState {
  return newTicketState({ type: 'tech', priority: 'normal', hotRush: false, departmentId: null, ...overrides }, now);
}

/** Applies an action that must be accepted; fails the test with the refusal otherwise. */
function apply(s: TicketState, action: TicketAction, now: number): { next: TicketState; charge: number } {
  const d = decide(s, action, now, settings);
  if (!d.ok) throw new Error(`expected ${action.type} to be accepted in ${s.status}, refused: ${d.code} (${d.reason})`);
  return { next: d.next, charge: d.charge };
}

/** Runs a sequence of [action, time] pairs, all of which must be accepted. */
function run(s: TicketState, steps: Array<[TicketAction, number]>): { state: TicketState; charges: number[] } {
  const charges: number[] = [];
  let state = s;
  for (const [action, at] of steps) {
    const r = apply(state, action, at);
    state = r.next;
    charges.push(r.charge);
  }
  return { state, charges };
}

function expectRefused(d: Decision, code: string): void {
  expect(d.ok).toBe(false);
  if (!d.ok) {
    expect(d.code).toBe(code);
    expect(d.reason.length).toBeGreaterThan(0);
  }
}

const classify = (cost = 3, assigneeId?: number | null): TicketAction =>
  assigneeId === undefined
    ? { type: 'classify', ticketType: 'tech', departmentId: DEP_TECH, cost }
    : { type: 'classify', ticketType: 'tech', departmentId: DEP_TECH, cost, assigneeId };

/** A classified ticket (cost 3) claimed by eng-1 and answered at T0 + 1h. */
function answered(overrides: Partial<Parameters<typeof newTicketState>[0]> = {}, cost = 3): TicketState {
  return run(fresh(overrides), [
    [classify(cost), T0 + 10 * MINUTE],
    [{ type: 'claim', userId: ENG_1 }, T0 + 20 * MINUTE],
    [{ type: 'staff_reply' }, T0 + HOUR],
  ]).state;
}

/** The answered ticket above, pre-closed 48h after the reply. */
function preClosed(overrides: Partial<Parameters<typeof newTicketState>[0]> = {}, cost = 3): TicketState {
  return apply(answered(overrides, cost), { type: 'pre_close_due' }, T0 + HOUR + settings.preCloseAfterMs).next;
}

describe('new ticket', () => {
  it('starts new, uncharged, with the clock running from creation', () => {
    const s = fresh();
    expect(s.status).toBe('new');
    expect(s.cost).toBe(0);
    expect(s.chargedPoints).toBeNull();
    expect(s.closedAt).toBeNull();
    expect(s.clockStartedAt).toBe(T0);
    expect(ticketDueAt(s, settings)).toBe(T0 + 12 * HOUR);
  });
});

describe('classify', () => {
  it('moves a new ticket to open and records type, department, cost and priority', () => {
    const { next } = apply(fresh({ type: 'sales' }), { type: 'classify', ticketType: 'tech', departmentId: DEP_TECH, cost: 4, priority: 'major' }, T0 + MINUTE);
    expect(next.status).toBe('open');
    expect(next.type).toBe('tech');
    expect(next.departmentId).toBe(DEP_TECH);
    expect(next.cost).toBe(4);
    expect(next.priority).toBe('major');
    expect(next.assigneeId).toBeNull();
  });

  it('keeps the priority when no correction is given', () => {
    const { next } = apply(fresh({ priority: 'minor' }), classify(2), T0 + MINUTE);
    expect(next.priority).toBe('minor');
  });

  it('moves a new ticket to in_progress when an assignee is given', () => {
    const { next } = apply(fresh(), classify(2, ENG_7), T0 + MINUTE);
    expect(next.status).toBe('in_progress');
    expect(next.assigneeId).toBe(ENG_7);
  });

  it('does not restart or stop the clock', () => {
    const { next } = apply(fresh(), classify(2), T0 + 30 * MINUTE);
    expect(next.clockStartedAt).toBe(T0);
  });
});

describe('claim and assign', () => {
  it('claim moves an open ticket to in_progress', () => {
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    const { next } = apply(open, { type: 'claim', userId: ENG_1 }, T0 + 2 * MINUTE);
    expect(next.status).toBe('in_progress');
    expect(next.assigneeId).toBe(ENG_1);
  });

  it('assign moves an open ticket to in_progress', () => {
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    const { next } = apply(open, { type: 'assign', assigneeId: ENG_2 }, T0 + 2 * MINUTE);
    expect(next.status).toBe('in_progress');
    expect(next.assigneeId).toBe(ENG_2);
  });

  it('a second claim by someone else is refused with already_claimed', () => {
    const claimed = run(fresh(), [
      [classify(), T0 + MINUTE],
      [{ type: 'claim', userId: ENG_1 }, T0 + 2 * MINUTE],
    ]).state;
    expectRefused(decide(claimed, { type: 'claim', userId: ENG_2 }, T0 + 3 * MINUTE, settings), 'already_claimed');
  });

  it('claiming again by the same engineer is harmless', () => {
    const claimed = run(fresh(), [
      [classify(), T0 + MINUTE],
      [{ type: 'claim', userId: ENG_1 }, T0 + 2 * MINUTE],
    ]).state;
    const { next } = apply(claimed, { type: 'claim', userId: ENG_1 }, T0 + 3 * MINUTE);
    expect(next.assigneeId).toBe(ENG_1);
    expect(next.status).toBe('in_progress');
  });

  it('unassigning an in_progress ticket returns it to open', () => {
    const claimed = run(fresh(), [
      [classify(), T0 + MINUTE],
      [{ type: 'claim', userId: ENG_1 }, T0 + 2 * MINUTE],
    ]).state;
    const { next } = apply(claimed, { type: 'assign', assigneeId: null }, T0 + 3 * MINUTE);
    expect(next.status).toBe('open');
    expect(next.assigneeId).toBeNull();
  });
});

describe('staff public reply', () => {
  it('makes the ticket answered and stops the clock', () => {
    const s = answered();
    expect(s.status).toBe('answered');
    expect(s.answeredAt).toBe(T0 + HOUR);
    expect(s.clockStartedAt).toBeNull();
    expect(ticketDueAt(s, settings)).toBeNull();
  });

  it('an internal note changes nothing', () => {
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    const { next, charge } = apply(open, { type: 'note' }, T0 + 2 * MINUTE);
    expect(next).toEqual(open);
    expect(charge).toBe(0);
  });
});

describe('customer message after a staff reply', () => {
  it('answered + assigned → in_progress, the clock restarts at the message time', () => {
    const at = T0 + 5 * HOUR;
    const { next } = apply(answered(), { type: 'customer_message' }, at);
    expect(next.status).toBe('in_progress');
    expect(next.clockStartedAt).toBe(at);
    expect(ticketDueAt(next, settings)).toBe(at + 12 * HOUR);
  });

  it('answered + unassigned → open', () => {
    const s = run(fresh(), [
      [classify(), T0 + MINUTE],
      [{ type: 'staff_reply' }, T0 + HOUR],
    ]).state;
    const { next } = apply(s, { type: 'customer_message' }, T0 + 2 * HOUR);
    expect(next.status).toBe('open');
    expect(next.clockStartedAt).toBe(T0 + 2 * HOUR);
  });

  it('pre_closed → in_progress (assigned), clock restarts', () => {
    const at = T0 + 3 * DAY;
    const { next } = apply(preClosed(), { type: 'customer_message' }, at);
    expect(next.status).toBe('in_progress');
    expect(next.preClosedAt).toBeNull();
    expect(next.clockStartedAt).toBe(at);
    expect(ticketDueAt(next, settings)).toBe(at + 12 * HOUR);
  });

  it('a customer message while the clock already runs does not restart it', () => {
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    const { next } = apply(open, { type: 'customer_message' }, T0 + 2 * HOUR);
    expect(next.status).toBe('open');
    expect(next.clockStartedAt).toBe(T0);
  });
});

describe('pre-close and close by time', () => {
  it('pre_close_due is refused before preCloseAfter (48h) has passed since the reply', () => {
    const s = answered();
    expectRefused(decide(s, { type: 'pre_close_due' }, T0 + HOUR + settings.preCloseAfterMs - 1, settings), 'not_due');
  });

  it('pre_close_due moves answered → pre_closed once 48h have passed', () => {
    const at = T0 + HOUR + 48 * HOUR;
    const { next, charge } = apply(answered(), { type: 'pre_close_due' }, at);
    expect(next.status).toBe('pre_closed');
    expect(next.preClosedAt).toBe(at);
    expect(charge).toBe(0);
    expect(ticketDueAt(next, settings)).toBeNull();
  });

  it('pre_close_due is refused from any status but answered', () => {
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    expectRefused(decide(open, { type: 'pre_close_due' }, T0 + 30 * DAY, settings), 'invalid_transition');
    expectRefused(decide(fresh(), { type: 'pre_close_due' }, T0 + 30 * DAY, settings), 'invalid_transition');
    const pc = preClosed();
    expectRefused(decide(pc, { type: 'pre_close_due' }, T0 + 30 * DAY, settings), 'invalid_transition');
  });

  it('close_due is refused before closeAfter (3 days) has passed since the pre-close', () => {
    const pc = preClosed();
    expectRefused(decide(pc, { type: 'close_due' }, pc.preClosedAt! + 3 * DAY - 1, settings), 'not_due');
  });

  it('close_due is refused from any status but pre_closed', () => {
    expectRefused(decide(answered(), { type: 'close_due' }, T0 + 30 * DAY, settings), 'invalid_transition');
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    expectRefused(decide(open, { type: 'close_due' }, T0 + 30 * DAY, settings), 'invalid_transition');
  });

  it('close_due closes a pre_closed ticket after 3 days and charges its cost', () => {
    const pc = preClosed({}, 3);
    const at = pc.preClosedAt! + 3 * DAY;
    const { next, charge } = apply(pc, { type: 'close_due' }, at);
    expect(next.status).toBe('closed');
    expect(next.closedAt).toBe(at);
    expect(charge).toBe(3);
    expect(next.chargedPoints).toBe(3);
    expect(ticketDueAt(next, settings)).toBeNull();
  });

  it('close_due on a HotRush ticket charges cost + the HotRush surcharge (5)', () => {
    const pc = preClosed({ hotRush: true }, 3);
    const { next, charge } = apply(pc, { type: 'close_due' }, pc.preClosedAt! + 3 * DAY);
    expect(charge).toBe(3 + 5);
    expect(next.chargedPoints).toBe(8);
  });

  it('close_due on a free, non-HotRush ticket charges nothing', () => {
    const pc = preClosed({}, 0);
    const { next, charge } = apply(pc, { type: 'close_due' }, pc.preClosedAt! + 3 * DAY);
    expect(charge).toBe(0);
    expect(next.chargedPoints).toBe(0);
  });
});

describe('closing by customer or staff', () => {
  const states: Array<[string, () => TicketState]> = [
    ['new', () => fresh()],
    ['open', () => apply(fresh(), classify(4), T0 + MINUTE).next],
    ['in_progress', () => apply(fresh(), classify(4, ENG_1), T0 + MINUTE).next],
    ['answered', () => answered({}, 4)],
    ['pre_closed', () => preClosed({}, 4)],
  ];

  for (const [status, make] of states) {
    for (const by of ['customer', 'staff'] as const) {
      it(`${by} closes a ${status} ticket and it is charged its cost at this first close`, () => {
        const s = make();
        expect(s.status).toBe(status);
        const at = T0 + 6 * DAY;
        const { next, charge } = apply(s, { type: 'close', by }, at);
        expect(next.status).toBe('closed');
        expect(next.closedAt).toBe(at);
        expect(next.clockStartedAt).toBeNull();
        expect(charge).toBe(s.cost);
        expect(next.chargedPoints).toBe(s.cost);
      });
    }
  }

  it('closing a HotRush ticket adds the surcharge', () => {
    const s = apply(fresh({ hotRush: true }), classify(2), T0 + MINUTE).next;
    const { charge, next } = apply(s, { type: 'close', by: 'customer' }, T0 + HOUR);
    expect(charge).toBe(7);
    expect(next.chargedPoints).toBe(7);
  });

  it('the surcharge depends on HotRush at the moment of the first close', () => {
    const s = run(fresh({ hotRush: true }), [
      [classify(2), T0 + MINUTE],
      [{ type: 'set_hot_rush', hotRush: false }, T0 + 2 * MINUTE],
    ]).state;
    expect(apply(s, { type: 'close', by: 'staff' }, T0 + HOUR).charge).toBe(2);
  });

  it('closing a closed ticket again is refused', () => {
    const closed = apply(answered(), { type: 'close', by: 'staff' }, T0 + 2 * HOUR).next;
    expectRefused(decide(closed, { type: 'close', by: 'customer' }, T0 + 3 * HOUR, settings), 'ticket_closed');
  });
});

describe('reopen', () => {
  const closedAt = T0 + 2 * HOUR;
  const closedAssigned = (): TicketState => apply(answered({}, 3), { type: 'close', by: 'customer' }, closedAt).next;
  const closedUnassigned = (): TicketState =>
    run(fresh(), [
      [classify(3), T0 + MINUTE],
      [{ type: 'close', by: 'staff' }, closedAt],
    ]).state;

  it('within 14 days returns an assigned ticket to in_progress with the clock running', () => {
    const at = closedAt + 14 * DAY;
    const { next, charge } = apply(closedAssigned(), { type: 'reopen', by: 'customer' }, at);
    expect(next.status).toBe('in_progress');
    expect(next.closedAt).toBeNull();
    expect(next.clockStartedAt).toBe(at);
    expect(ticketDueAt(next, settings)).toBe(at + 12 * HOUR);
    expect(charge).toBe(0);
  });

  it('within 14 days returns an unassigned ticket to open', () => {
    const { next } = apply(closedUnassigned(), { type: 'reopen', by: 'staff' }, closedAt + DAY);
    expect(next.status).toBe('open');
  });

  it('after 14 days is refused with reopen_window_passed', () => {
    expectRefused(decide(closedAssigned(), { type: 'reopen', by: 'customer' }, closedAt + 14 * DAY + 1, settings), 'reopen_window_passed');
    expectRefused(decide(closedUnassigned(), { type: 'reopen', by: 'staff' }, closedAt + 20 * DAY, settings), 'reopen_window_passed');
  });

  it('a ticket that is not closed cannot be reopened', () => {
    expectRefused(decide(answered(), { type: 'reopen', by: 'customer' }, T0 + 2 * HOUR, settings), 'invalid_transition');
  });

  it('closing again after a reopen charges nothing more and keeps the first charge', () => {
    const first = apply(answered({ hotRush: true }, 3), { type: 'close', by: 'customer' }, closedAt);
    expect(first.charge).toBe(8);
    const { state, charges } = run(first.next, [
      [{ type: 'reopen', by: 'customer' }, closedAt + DAY],
      [{ type: 'staff_reply' }, closedAt + DAY + HOUR],
      [{ type: 'pre_close_due' }, closedAt + 3 * DAY + HOUR],
      [{ type: 'close_due' }, closedAt + 6 * DAY + HOUR],
    ]);
    expect(state.status).toBe('closed');
    expect(charges).toEqual([0, 0, 0, 0]);
    expect(state.chargedPoints).toBe(8);
    const again = run(state, [
      [{ type: 'reopen', by: 'staff' }, closedAt + 7 * DAY],
      [{ type: 'close', by: 'staff' }, closedAt + 8 * DAY],
    ]);
    expect(again.charges).toEqual([0, 0]);
    expect(again.state.chargedPoints).toBe(8);
  });
});

describe('messages on a closed ticket', () => {
  it('a customer message on a closed ticket is refused with ticket_closed', () => {
    const closed = apply(answered(), { type: 'close', by: 'customer' }, T0 + 2 * HOUR).next;
    expectRefused(decide(closed, { type: 'customer_message' }, T0 + 3 * HOUR, settings), 'ticket_closed');
    // also after the reopen window: the customer must start a new ticket
    expectRefused(decide(closed, { type: 'customer_message' }, T0 + 30 * DAY, settings), 'ticket_closed');
  });

  it('a staff reply on a closed ticket is refused with ticket_closed', () => {
    const closed = apply(answered(), { type: 'close', by: 'customer' }, T0 + 2 * HOUR).next;
    expectRefused(decide(closed, { type: 'staff_reply' }, T0 + 3 * HOUR, settings), 'ticket_closed');
  });
});

describe('merge', () => {
  it('merge_away closes the ticket without a charge and sets mergedIntoId', () => {
    const s = apply(fresh({ hotRush: true }), classify(6, ENG_1), T0 + MINUTE).next;
    const at = T0 + HOUR;
    const { next, charge } = apply(s, { type: 'merge_away', targetId: TICKET_B }, at);
    expect(next.status).toBe('closed');
    expect(next.closedAt).toBe(at);
    expect(next.mergedIntoId).toBe(TICKET_B);
    expect(charge).toBe(0);
    expect(next.chargedPoints).toBe(0);
    expect(ticketDueAt(next, settings)).toBeNull();
  });

  it('a merged ticket refuses every action except a note, with ticket_merged', () => {
    const merged = apply(answered(), { type: 'merge_away', targetId: TICKET_B }, T0 + 2 * HOUR).next;
    const at = T0 + 3 * HOUR;
    const refused: TicketAction[] = [
      classify(1),
      { type: 'forward', departmentId: DEP_SALES },
      { type: 'claim', userId: ENG_2 },
      { type: 'assign', assigneeId: ENG_2 },
      { type: 'staff_reply' },
      { type: 'customer_message' },
      { type: 'set_priority', priority: 'major' },
      { type: 'set_hot_rush', hotRush: true },
      { type: 'close', by: 'staff' },
      { type: 'reopen', by: 'customer' },
      { type: 'pre_close_due' },
      { type: 'close_due' },
      { type: 'merge_away', targetId: TICKET_C },
      { type: 'receive_merge' },
      { type: 'split_from' },
    ];
    for (const action of refused) {
      expectRefused(decide(merged, action, at, settings), 'ticket_merged');
    }
    const note = apply(merged, { type: 'note' }, at);
    expect(note.next).toEqual(merged);
    expect(note.charge).toBe(0);
  });

  it('receive_merge into a closed ticket is refused with ticket_closed', () => {
    const closed = apply(answered(), { type: 'close', by: 'staff' }, T0 + 2 * HOUR).next;
    expectRefused(decide(closed, { type: 'receive_merge' }, T0 + 3 * HOUR, settings), 'ticket_closed');
  });

  it('receive_merge into an open ticket is accepted and changes nothing', () => {
    const open = apply(fresh(), classify(), T0 + MINUTE).next;
    const { next, charge } = apply(open, { type: 'receive_merge' }, T0 + HOUR);
    expect(next).toEqual(open);
    expect(charge).toBe(0);
  });

  it('merging away a ticket that was already charged keeps its charge', () => {
    const s = run(answered({}, 3), [
      [{ type: 'close', by: 'customer' }, T0 + 2 * HOUR],
      [{ type: 'reopen', by: 'customer' }, T0 + DAY],
    ]).state;
    const { next, charge } = apply(s, { type: 'merge_away', targetId: TICKET_B }, T0 + 2 * DAY);
    expect(charge).toBe(0);
    expect(next.chargedPoints).toBe(3);
    expect(next.status).toBe('closed');
  });
});

describe('ticketDueAt (turnaround targets)', () => {
  const cases: Array<[Priority, boolean, number]> = [
    ['major', true, 1 * HOUR],
    ['normal', true, 1 * HOUR],
    ['minor', true, 1 * HOUR],
    ['major', false, 4 * HOUR],
    ['normal', false, 12 * HOUR],
    ['minor', false, 24 * HOUR],
  ];
  for (const [priority, hotRush, target] of cases) {
    it(`${hotRush ? 'HotRush ' : ''}${priority}: due ${target / HOUR}h after the clock starts`, () => {
      expect(ticketDueAt(fresh({ priority, hotRush }), settings)).toBe(T0 + target);
    });
  }

  it('follows a priority change and a HotRush flag set later', () => {
    const open = apply(fresh({ priority: 'minor' }), classify(), T0 + MINUTE).next;
    const major = apply(open, { type: 'set_priority', priority: 'major' }, T0 + HOUR).next;
    expect(ticketDueAt(major, settings)).toBe(T0 + 4 * HOUR);
    const rushed = apply(major, { type: 'set_hot_rush', hotRush: true }, T0 + 2 * HOUR).next;
    expect(ticketDueAt(rushed, settings)).toBe(T0 + HOUR);
  });

  it('is null while answered, pre_closed and closed', () => {
    const a = answered({ hotRush: true });
    expect(ticketDueAt(a, settings)).toBeNull();
    const pc = apply(a, { type: 'pre_close_due' }, T0 + 3 * DAY).next;
    expect(pc.status).toBe('pre_closed');
    expect(ticketDueAt(pc, settings)).toBeNull();
    const closed = apply(pc, { type: 'close_due' }, T0 + 7 * DAY).next;
    expect(closed.status).toBe('closed');
    expect(ticketDueAt(closed, settings)).toBeNull();
  });
});
