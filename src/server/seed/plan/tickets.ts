/** Which tickets there are: the demo customer's, everyone else's by a weekday's backlog, the log tickets. */
import type { Priority, TicketStatus, TicketType } from '../../../shared/domain/model';
import { newTicketState } from '../../../shared/tickets/lifecycle';
import { accountStanding, standingWindowMs } from '../../../shared/tickets/queueOrder';
import { type AccountPlan, type CloseMode, EV } from '../plans';
import type { SeedState } from '../seedState';
import { logTicketSubject } from '../units';
import { replayTimeline } from './lifecycleReplay';
import { planTicket } from './ticketTimeline';

export function planTickets(state: SeedState): void {
  const r = state.rng('tickets');
  const demo = state.accounts[0]!;
  const logAccounts = [...new Set(state.urlChanges.filter((u) => u.status === 'approved').map((u) => u.account))];
  const logTickets = Math.min(logAccounts.length, Math.floor(state.totalTickets / 10));
  const demoTickets = Math.min(12, state.totalTickets - logTickets);
  const regular = state.totalTickets - logTickets - demoTickets;

  // The demo customer's tickets: one of every status and type, the demo engineer on the tech ones.
  const demoPlan: Array<{ status: TicketStatus; type: TicketType; mode?: CloseMode; reopened?: boolean; hotRush?: boolean; priority: Priority; secondary?: boolean }> = [
    { status: 'new', type: 'tech', priority: 'major' },
    { status: 'open', type: 'sales', priority: 'normal' },
    { status: 'in_progress', type: 'tech', priority: 'normal' },
    { status: 'answered', type: 'tech', priority: 'minor', secondary: true },
    { status: 'pre_closed', type: 'project', priority: 'normal' },
    { status: 'closed', type: 'tech', mode: 'auto', priority: 'normal' },
    { status: 'closed', type: 'sales', mode: 'thanks', priority: 'minor' },
    { status: 'closed', type: 'complaint', mode: 'staff', priority: 'major' },
    { status: 'in_progress', type: 'tech', reopened: true, priority: 'normal', secondary: true },
    { status: 'answered', type: 'tech', hotRush: true, priority: 'major' },
    { status: 'closed', type: 'tech', mode: 'silent', priority: 'minor' },
    { status: 'open', type: 'tech', priority: 'minor' },
  ];
  const engineer = state.staff.byEmail.get('engineer@example.com')!;
  for (let i = 0; i < demoTickets; i++) {
    const d = demoPlan[i]!;
    const author = d.secondary && demo.users[1] ? demo.users[1] : demo.primary;
    planTicket(state, r, demo, { ...d, authorId: author.id, hotRush: d.hotRush ?? false, closeMode: d.mode ?? null, reopened: d.reopened ?? false, preferredAssignee: d.type === 'tech' ? engineer : null });
  }

  // Everyone else: skewed activity, statuses by how a helpdesk's backlog looks on a weekday.
  const active = state.accounts.filter((a) => !a.demo && a.licenses.some((l) => l.status !== 'pending'));
  const old = active.filter((a) => a.createdAt < state.since);
  const cumulative: number[] = [];
  let total = 0;
  for (const a of active) cumulative.push((total += a.weight));
  const pickAccount = (): AccountPlan => {
    const x = r.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return active[lo]!;
  };
  for (let i = 0; i < regular; i++) {
    const status: TicketStatus = r.weighted([['new', 1.2], ['open', 2], ['in_progress', 5], ['answered', 2.3], ['pre_closed', 2.5], ['closed', 87]] as const);
    const reopened = (status === 'open' || status === 'in_progress') && r.chance(0.08);
    const closeMode: CloseMode | null = status === 'closed'
      ? r.weighted([['auto', 58], ['thanks', 15], ['silent', 10], ['staff', 10], ['nevermind', 5], ['merged', 2]] as const)
      : null;
    const type: TicketType = r.weighted([['tech', 72], ['sales', 15], ['project', 9], ['complaint', 4]] as const);
    const account = active.length ? pickAccount() : demo;
    const priority = r.weighted(({
      major: [['major', 85], ['normal', 10], ['minor', 5]],
      minor: [['major', 10], ['normal', 25], ['minor', 65]],
      mixed: [['major', 20], ['normal', 55], ['minor', 25]],
    } as const)[account.habit]);
    const hotRush = type !== 'complaint' && r.chance(0.03);
    planTicket(state, r, account, { status, type, priority, hotRush, closeMode, reopened, authorId: null, preferredAssignee: null, fallback: old });
  }

  // Log tickets record the approved URL changes of their account.
  for (const a of logAccounts.slice(0, logTickets)) planLogTicket(state, a);

  // Ticket ids and numbers follow creation time, as they would have been handed out.
  state.tickets.sort((x, y) => x.createdAt - y.createdAt || x.order - y.order);
  for (const t of state.tickets) {
    t.id = state.nextId.tickets++;
    t.number = state.firstNumber + (t.id - state.tickets[0]!.id);
  }
}

function planLogTicket(state: SeedState, a: AccountPlan): void {
  const entries = state.urlChanges.filter((u) => u.account === a && u.status === 'approved').sort((x, y) => x.decidedAt! - y.decidedAt!);
  const first = entries[0]!.decidedAt!;
  const evStart = state.evTime.length;
  for (const e of entries) {
    state.evTime.push(e.decidedAt!);
    state.evKind.push(EV.log);
    state.evAuthor.push(e.decidedBy ?? state.staff.billing[0]!.id);
  }
  // Closed by the system as it opens, so it is never in a queue; its entries are notes to it.
  const opened = newTicketState({ type: 'log', priority: 'normal', hotRush: false, departmentId: null }, first);
  const { state: lived, chargedAt } = replayTimeline(opened, [{ at: first, action: { type: 'close', by: 'system' } }]);
  state.tickets.push({
    account: a, authorId: null, type: 'log', topic: 0, priority: lived.priority, hotRush: lived.hotRush, status: lived.status, closeMode: null, reopened: false,
    departmentId: lived.departmentId, assigneeId: lived.assigneeId, cost: lived.cost, chargedPoints: lived.chargedPoints, chargedAt, license: null, productVersion: '',
    createdAt: first, updatedAt: entries[entries.length - 1]!.decidedAt!, clockStartedAt: lived.clockStartedAt, answeredAt: lived.answeredAt, preClosedAt: lived.preClosedAt,
    closedAt: lived.closedAt, evStart, evCount: entries.length, id: 0, number: 0, subject: logTicketSubject, mergedInto: null, followUpOf: null, splitFrom: null,
    logEntries: entries, order: state.tickets.length,
  });
}

/** The standing rule over each account's non-log tickets of the last 90 days. */
export function planStanding(state: SeedState): void {
  const recent = new Map<AccountPlan, Priority[]>();
  for (const t of state.tickets) {
    if (t.type === 'log' || t.createdAt < state.now - standingWindowMs) continue;
    if (!recent.has(t.account)) recent.set(t.account, []);
    recent.get(t.account)!.push(t.priority);
  }
  for (const a of state.accounts) a.standing = accountStanding(recent.get(a) ?? []).adjustment;
}
