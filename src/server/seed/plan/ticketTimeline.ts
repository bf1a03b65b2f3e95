/** One ticket's whole conversation, placed in time so that its status follows the life cycle. */
import { assertNever } from '../../../shared/assertNever';
import type { Priority, TicketStatus, TicketType } from '../../../shared/domain/model';
import { type TicketAction, newTicketState } from '../../../shared/tickets/lifecycle';
import { AUTHOR_OTHER_CUSTOMER, AUTHOR_TICKET, type AccountPlan, type CloseMode, EV, type EvKind, type LicensePlan, type TicketPlan, type UserPlan } from '../plans';
import type { Rng } from '../random';
import type { SeedState } from '../seedState';
import { DAY, HOUR, MIN, settings } from '../units';
import { currentVersion } from '../vocabulary/products';
import { topicsByType } from '../vocabulary/topics';
import { type TimedAction, replayTimeline } from './lifecycleReplay';

/** How a closed ticket was closed; a merged one's target is chosen when the tickets are written. */
function closingAction(mode: CloseMode): TicketAction {
  if (mode === 'auto') return { type: 'close_due' };
  if (mode === 'merged') return { type: 'merge_away', targetId: 0 };
  return { type: 'close', by: mode === 'nevermind' ? 'customer' : 'staff' };
}

/** What each conversation event does to the ticket. */
const eventActions: Record<EvKind, readonly TicketAction[]> = {
  [EV.open]: [],
  [EV.info]: [{ type: 'customer_message' }],
  [EV.nudge]: [{ type: 'customer_message' }],
  [EV.thanks]: [{ type: 'customer_message' }],
  [EV.reopen]: [{ type: 'reopen', by: 'customer' }, { type: 'customer_message' }],
  [EV.nevermind]: [{ type: 'customer_message' }],
  [EV.ask]: [{ type: 'staff_reply' }],
  [EV.answer]: [{ type: 'staff_reply' }],
  [EV.note]: [{ type: 'note' }],
  [EV.dispatch]: [{ type: 'note' }],
  [EV.log]: [{ type: 'note' }],
};

function turnaround(priority: Priority, hotRush: boolean): number {
  return hotRush ? settings.turnaroundMs.hotRush : settings.turnaroundMs[priority];
}

function pickAssignee(state: SeedState, r: Rng, departmentId: number | null): UserPlan {
  if (departmentId === null) return state.staff.admin;
  const members = state.staff.members.get(departmentId);
  return members?.length ? r.weighted(members) : state.staff.admin;
}

/**
 * Plans one ticket's whole conversation: events relative to its creation, built from the
 * status it must end in, then placed in time so that the status is what the life cycle's
 * rules make of those events at `now`.
 */
export function planTicket(
  state: SeedState,
  r: Rng,
  account: AccountPlan,
  p: { status: TicketStatus; type: TicketType; priority: Priority; hotRush: boolean; closeMode: CloseMode | null; reopened: boolean; authorId: number | null; preferredAssignee: UserPlan | null; fallback?: AccountPlan[] },
): TicketPlan {
  const { status, type, priority, hotRush, closeMode, reopened } = p;
  const target = turnaround(priority, hotRush);
  const topics = topicsByType[type as Exclude<TicketType, 'log'>];
  const topic = r.int(0, topics.length - 1);
  const topicDef = topics[topic]!;

  // Department: what the customer chose for new tickets, the dispatcher's classification after.
  const defaultDept = type === 'tech' ? 'Tech support' : type === 'sales' ? 'Sales' : type === 'project' ? 'Projects' : null;
  let deptName: string | null = defaultDept;
  if (status !== 'new') {
    if (type === 'sales' && topicDef.department === 'Billing') deptName = 'Billing';
    if (type === 'complaint') deptName = r.weighted([[null, 60], ['Tech support', 25], ['Sales', 15]] as const);
  }
  const departmentId = deptName ? state.dept(deptName) : null;

  // Assignee: nobody on new and open tickets; the person working on it otherwise (mostly).
  let assignee: UserPlan | null = null;
  const worked = status === 'answered' || status === 'pre_closed' || (status === 'closed' && closeMode !== 'merged' && closeMode !== 'nevermind');
  if (status === 'in_progress' || (worked && r.chance(0.9))) assignee = p.preferredAssignee ?? pickAssignee(state, r, departmentId);
  const dispatcher = r.pick(state.staff.dispatchers);
  const replier = assignee ?? (departmentId !== null && r.chance(0.5) ? pickAssignee(state, r, departmentId) : dispatcher);

  // Cost rating by the dispatcher (new tickets are not rated yet).
  let cost = 0;
  if (status !== 'new' && closeMode !== 'nevermind' && closeMode !== 'merged') {
    if (type === 'tech') cost = r.weighted([[0, 35], [1, 20], [2, 20], [3, 12], [5, 8], [10, 5]] as const);
    else if (type === 'project') cost = r.weighted([[0, 70], [5, 15], [10, 10], [20, 5]] as const);
  }

  // ---- the conversation, relative to creation (t = 0)
  const ev: Array<{ t: number; k: EvKind; a: number }> = [];
  const push = (t: number, k: EvKind, a: number) => ev.push({ t: Math.round(t), k, a });
  const last = () => ev[ev.length - 1]!.t;
  const customer = () => (r.chance(0.85) ? AUTHOR_TICKET : AUTHOR_OTHER_CUSTOMER);
  const staffDelay = () => target * (r.chance(0.85) ? r.range(0.05, 0.95) : r.range(1, 3));
  const customerDelay = () => r.logRange(15 * MIN, 40 * HOUR);
  const noteAuthor = () => (assignee ?? replier).id;

  push(0, EV.open, AUTHOR_TICKET);
  if (r.chance(0.08)) push(r.range(2 * MIN, 60 * MIN), EV.info, AUTHOR_TICKET);
  const classifyAt = Math.max(last() + MIN, r.logRange(3 * MIN, hotRush ? 30 * MIN : 4 * HOUR));
  if (status !== 'new' && r.chance(0.35)) push(classifyAt, EV.dispatch, dispatcher.id);

  /**
   * Rounds of staff reply and customer answer. Ending with the staff: returns the last reply's
   * time. Ending with the customer: returns the time the clock restarted.
   */
  const rounds = (k: number, endWithStaff: boolean, finalAsks = false): number => {
    let clock = 0;
    let lastStaff = 0;
    for (let i = 1; i <= k; i++) {
      const final = i === k && endWithStaff;
      let at = Math.max(clock + staffDelay(), last() + r.range(2 * MIN, 40 * MIN));
      if (i === 1) at = Math.max(at, classifyAt + r.range(2 * MIN, 20 * MIN));
      if (r.chance(0.17)) push(last() + (at - last()) * r.range(0.2, 0.9), EV.note, noteAuthor());
      push(at, final ? (finalAsks ? EV.ask : EV.answer) : r.chance(0.55) ? EV.ask : EV.answer, replier.id);
      lastStaff = at;
      if (final) break;
      clock = at + customerDelay();
      push(clock, EV.info, customer());
      if (r.chance(0.1)) push(clock + r.range(0.3, 1) * target, EV.nudge, AUTHOR_TICKET);
    }
    return endWithStaff ? lastStaff : clock;
  };
  const roundCount = () => 1 + r.geometric(3.8, 14);

  let anchorRel = 0; // the relative time pinned to an absolute one, anchorAbs
  let anchorAbs = Number.NaN; // NaN: placed freely in the history (closed tickets)
  let answeredRel: number | null = null;
  let closedRel: number | null = null;
  let chargedRel: number | null = null; // reopened tickets: their first close
  let reopenedAfterAutoClose = false;
  const clockAge = (spread: ReadonlyArray<readonly [number, number]>, cap: number) => Math.round(Math.min(cap, target * r.weighted(spread)));

  if (status === 'new') {
    const age = Math.round(r.logRange(3 * MIN, 20 * HOUR));
    if (r.chance(0.15)) push(age * r.range(0.3, 0.95), EV.nudge, AUTHOR_TICKET);
    anchorAbs = state.now - age;
  } else if ((status === 'open' || status === 'in_progress') && !reopened) {
    // The clock runs from the creation or from the customer's last answer.
    anchorRel = r.chance(0.5) ? 0 : rounds(1 + r.geometric(1.5, 8), false);
    anchorAbs = state.now - clockAge([[r.range(0, 1), 70], [r.range(1, 3), 22], [r.range(3, 10), 8]], 10 * DAY);
    if (status === 'in_progress' && r.chance(0.25)) push(Math.max(last(), anchorRel) + r.range(5 * MIN, 6 * HOUR), EV.note, noteAuthor());
    if (r.chance(0.12)) push(Math.max(last(), anchorRel) + r.range(0.3, 1.2) * target, EV.nudge, AUTHOR_TICKET);
  } else if (reopened) {
    const answered = rounds(roundCount(), true);
    answeredRel = answered;
    reopenedAfterAutoClose = r.chance(0.6);
    chargedRel = reopenedAfterAutoClose ? answered + settings.preCloseAfterMs + settings.closeAfterMs + r.range(0, 10 * MIN) : answered + r.range(HOUR, 40 * HOUR);
    const reopenAt = chargedRel + r.logRange(HOUR, 13 * DAY);
    push(reopenAt, EV.reopen, customer());
    anchorRel = reopenAt;
    anchorAbs = state.now - clockAge([[r.range(0, 1), 70], [r.range(1, 3), 24], [r.range(3, 8), 6]], 5 * DAY);
    if (r.chance(0.2)) push(reopenAt + r.range(5 * MIN, 3 * HOUR), EV.note, noteAuthor());
  } else if (status === 'answered' || status === 'pre_closed') {
    // Some answered tickets wait for the customer's information rather than a confirmation.
    answeredRel = rounds(roundCount(), true, r.chance(0.3));
    anchorRel = answeredRel;
    anchorAbs = status === 'answered'
      ? state.now - Math.round(r.range(5 * MIN, settings.preCloseAfterMs - 10 * MIN))
      : state.now - Math.round(r.range(settings.preCloseAfterMs + 10 * MIN, settings.preCloseAfterMs + settings.closeAfterMs - 10 * MIN));
  } else {
    const mode = closeMode!;
    switch (mode) {
      case 'auto':
        // The scheduler's lag: a few minutes at most after each rule falls due.
        answeredRel = rounds(roundCount(), true);
        closedRel = answeredRel + settings.preCloseAfterMs + settings.closeAfterMs + 10 * MIN;
        break;
      case 'thanks': {
        const at = rounds(roundCount(), true) + r.logRange(10 * MIN, 40 * HOUR);
        push(at, EV.thanks, customer());
        closedRel = at + r.range(MIN, 20 * MIN);
        break;
      }
      case 'silent':
        answeredRel = rounds(roundCount(), true);
        closedRel = answeredRel + r.logRange(HOUR, 40 * HOUR);
        break;
      case 'staff':
        answeredRel = rounds(roundCount(), true);
        closedRel = answeredRel + r.range(MIN, 30 * MIN);
        break;
      case 'nevermind': {
        const at = Math.max(last(), classifyAt) + r.logRange(20 * MIN, 10 * HOUR);
        push(at, EV.nevermind, customer());
        closedRel = at + r.range(MIN, 10 * MIN);
        break;
      }
      case 'merged':
        closedRel = Math.max(last(), classifyAt) + r.logRange(15 * MIN, 8 * HOUR);
        break;
      default:
        assertNever(mode, 'close mode');
    }
    anchorRel = closedRel!;
  }

  // ---- place it in time, within the account's history
  ev.sort((x, y) => x.t - y.t);
  const span = Math.max(anchorRel, last());
  const windowStart = (a: AccountPlan) => Math.max(state.since, a.createdAt + HOUR);
  const latestAnchor = Number.isNaN(anchorAbs) ? state.now - MIN - (span - anchorRel) : anchorAbs;
  const fits = (a: AccountPlan) => latestAnchor - anchorRel >= windowStart(a);
  let chosen = account;
  for (let k = 0; k < 8 && !fits(chosen) && p.fallback?.length; k++) chosen = r.pick(p.fallback);
  if (Number.isNaN(anchorAbs)) {
    // Closed tickets spread over the whole history, a little denser recently.
    const lo = windowStart(chosen) + anchorRel;
    anchorAbs = latestAnchor > lo ? Math.round(lo + (latestAnchor - lo) * Math.pow(r.float(), 0.85)) : latestAnchor;
  }
  // A long conversation on a young account is compressed rather than predating the account.
  const scale = anchorAbs - anchorRel < windowStart(chosen) && anchorRel > 0 ? Math.max(0.01, (anchorAbs - windowStart(chosen)) / anchorRel) : 1;
  const created = anchorAbs - Math.round(anchorRel * scale);
  let abs = (rel: number) => created + Math.round(rel * scale);
  // Whatever follows the anchor (notes, nudges, a late classification) must still lie before now.
  const lastAbs = abs(span);
  if (lastAbs > state.now - 1000 && span > anchorRel) {
    const squeeze = (state.now - 1000 - anchorAbs) / (lastAbs - anchorAbs);
    const plain = abs;
    abs = (rel: number) => (rel <= anchorRel ? plain(rel) : anchorAbs + Math.round((plain(rel) - anchorAbs) * squeeze));
  }
  const authorId = p.authorId ?? (chosen.users.length > 1 && r.chance(0.25) ? r.pick(chosen.users.slice(1)).id : chosen.primary.id);

  const evStart = state.evTime.length;
  let updatedAt = created;
  for (const e of ev) {
    const t = abs(e.t);
    state.evTime.push(t);
    state.evKind.push(e.k);
    state.evAuthor.push(e.a === AUTHOR_TICKET ? authorId : e.a === AUTHOR_OTHER_CUSTOMER ? r.pick(chosen.users).id : e.a);
    updatedAt = Math.max(updatedAt, t);
  }

  // The rules' times keep their exact gaps (48h to pre-close, 72h more to close).
  const answeredAt = answeredRel === null ? null : abs(answeredRel);
  let preClosedAt: number | null = null;
  let closedAt: number | null = null;
  if (status === 'pre_closed' || closeMode === 'auto') preClosedAt = answeredAt! + settings.preCloseAfterMs + r.int(0, 5 * MIN);
  if (closeMode === 'auto') closedAt = Math.min(state.now - 1000, preClosedAt! + settings.closeAfterMs + r.int(0, 5 * MIN));
  else if (closedRel !== null) closedAt = Math.min(state.now - 1000, answeredAt !== null ? answeredAt + Math.round(closedRel - answeredRel!) : abs(closedRel));
  updatedAt = Math.max(updatedAt, preClosedAt ?? 0, closedAt ?? 0);

  const license = pickTicketLicense(r, chosen, type, created);

  // What happened when; the life cycle says what the ticket became.
  const actions: TimedAction[] = [];
  if (status !== 'new') {
    // A complaint may stay without a department (the management answers it), which decide()
    // accepts though the console's classify mutation always names one.
    actions.push({ at: abs(classifyAt), action: { type: 'classify', ticketType: type, departmentId: departmentId as number, cost, assigneeId: assignee?.id ?? null } });
  }
  for (let i = 0; i < ev.length; i++) {
    const at = state.evTime[evStart + i]!;
    for (const action of eventActions[ev[i]!.k]) actions.push({ at, action });
  }
  if (reopened) {
    // The close before the reopen: by the rules if their 120 hours fit, by hand otherwise.
    const repliedAt = abs(Math.round(answeredRel!));
    const reopenAt = state.evTime[evStart + ev.findIndex((e) => e.k === EV.reopen)]!;
    const closeAt = Math.min(abs(chargedRel!), reopenAt - 1000);
    if (reopenedAfterAutoClose && closeAt - repliedAt >= settings.preCloseAfterMs + settings.closeAfterMs) {
      actions.push({ at: repliedAt + settings.preCloseAfterMs, action: { type: 'pre_close_due' } }, { at: closeAt, action: { type: 'close_due' } });
    } else actions.push({ at: closeAt, action: { type: 'close', by: 'staff' } });
  }
  if (preClosedAt !== null) actions.push({ at: preClosedAt, action: { type: 'pre_close_due' } });
  if (closedAt !== null) actions.push({ at: closedAt, action: closingAction(closeMode!) });
  const initial = newTicketState({ type, priority, hotRush, departmentId: defaultDept ? state.dept(defaultDept) : null }, created);
  const { state: lived, chargedAt } = replayTimeline(initial, actions);

  const ticket: TicketPlan = {
    account: chosen, authorId, type, topic, priority, hotRush, status: lived.status, closeMode, reopened,
    departmentId: lived.departmentId, assigneeId: lived.assigneeId, cost: lived.cost, chargedPoints: lived.chargedPoints, chargedAt,
    license, productVersion: license?.version ?? (type === 'tech' ? currentVersion['X-Cart'] : ''),
    createdAt: created, updatedAt, clockStartedAt: lived.clockStartedAt, answeredAt: lived.answeredAt, preClosedAt: lived.preClosedAt, closedAt: lived.closedAt,
    evStart, evCount: ev.length, id: 0, number: 0, subject: '', mergedInto: null, followUpOf: null, splitFrom: null, order: state.tickets.length,
  };
  if (ticket.status !== status) throw new Error(`seed: a ticket planned ${status} lived to be ${ticket.status}`);
  chosen.charges += ticket.chargedPoints ?? 0;
  state.tickets.push(ticket);
  return ticket;
}

function pickTicketLicense(r: Rng, a: AccountPlan, type: TicketType, at: number): LicensePlan | null {
  if (type === 'complaint' || (type === 'sales' && r.chance(0.6))) return null;
  const mains = a.licenses.filter((l) => l.kind === 'main' && l.createdAt < at && l.status !== 'pending');
  if (!mains.length) return null;
  const active = mains.filter((l) => l.status === 'active');
  return r.pick(active.length ? active : mains);
}
