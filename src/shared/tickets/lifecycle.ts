/**
 * The ticket life cycle of DOMAIN.md as one pure function: given a ticket's state, an action
 * and the time, it says what the ticket becomes, or why the action is refused. The server
 * decides with it; the console uses it to show optimistic effects.
 */
import type { LifecycleSettings, Priority, TicketStatus, TicketType } from '../domain/model';
import { dueAt } from './turnaround';
import { assertNever } from '../assertNever';

export interface TicketState {
  status: TicketStatus;
  type: TicketType;
  priority: Priority;
  hotRush: boolean;
  /** Rated cost in support points; 0 means free. */
  cost: number;
  departmentId: number | null;
  assigneeId: number | null;
  mergedIntoId: number | null;
  /** When the turnaround clock last started running; null while it is stopped. */
  clockStartedAt: number | null;
  /** Time of the last staff public reply that made the ticket answered. */
  answeredAt: number | null;
  preClosedAt: number | null;
  closedAt: number | null;
  /** Points charged at the first close; null while the ticket was never closed. */
  chargedPoints: number | null;
}

export type Actor = 'customer' | 'staff' | 'system';

export type TicketAction =
  | { type: 'classify'; ticketType: TicketType; departmentId: number; cost: number; priority?: Priority; assigneeId?: number | null }
  | { type: 'forward'; departmentId: number; ticketType?: TicketType }
  | { type: 'claim'; userId: number }
  | { type: 'assign'; assigneeId: number | null }
  | { type: 'staff_reply' }
  | { type: 'note' }
  | { type: 'customer_message' }
  | { type: 'set_priority'; priority: Priority }
  | { type: 'set_hot_rush'; hotRush: boolean }
  | { type: 'close'; by: Actor }
  | { type: 'reopen'; by: Actor }
  | { type: 'pre_close_due' }
  | { type: 'close_due' }
  | { type: 'merge_away'; targetId: number }
  | { type: 'receive_merge' }
  | { type: 'split_from' };

export type RefusalCode = 'ticket_closed' | 'ticket_merged' | 'invalid_transition' | 'already_claimed' | 'reopen_window_passed' | 'not_due';

export type Decision =
  | { ok: true; next: TicketState; /** points to charge now (first close only), 0 for none */ charge: number }
  | { ok: false; code: RefusalCode; reason: string };

const refuse = (code: RefusalCode, reason: string): Decision => ({ ok: false, code, reason });

/** Statuses in which the ticket is being worked on and the clock may run. */
export const workingStatuses: readonly TicketStatus[] = ['new', 'open', 'in_progress'];
export const isClosed = (s: TicketState): boolean => s.status === 'closed';

/** The status a ticket returns to when work on it resumes: in progress if someone has it. */
function resumedStatus(s: TicketState): TicketStatus {
  return s.assigneeId !== null ? 'in_progress' : 'open';
}

/** The charge made at a ticket's first close: cost plus the HotRush surcharge. */
export function chargeFor(s: TicketState, settings: LifecycleSettings): number {
  return s.cost + (s.hotRush ? settings.hotRushSurcharge : 0);
}

function close(s: TicketState, now: number, settings: LifecycleSettings, chargeable: boolean): Decision {
  const firstClose = s.chargedPoints === null;
  const charge = firstClose && chargeable ? chargeFor(s, settings) : 0;
  return {
    ok: true,
    charge,
    next: { ...s, status: 'closed', closedAt: now, clockStartedAt: null, chargedPoints: firstClose ? charge : s.chargedPoints },
  };
}

export function decide(s: TicketState, action: TicketAction, now: number, settings: LifecycleSettings): Decision {
  if (s.mergedIntoId !== null && action.type !== 'note') {
    return refuse('ticket_merged', `this ticket was merged into another ticket; work on that one instead`);
  }
  const ok = (next: TicketState): Decision => ({ ok: true, next, charge: 0 });
  const open = !isClosed(s);

  switch (action.type) {
    case 'classify': {
      if (!open) return refuse('ticket_closed', 'a closed ticket cannot be classified; reopen it first');
      const assigneeId = action.assigneeId === undefined ? s.assigneeId : action.assigneeId;
      const status = s.status === 'new' || s.status === 'open' || s.status === 'in_progress' ? (assigneeId !== null ? 'in_progress' : 'open') : s.status;
      return ok({ ...s, type: action.ticketType, departmentId: action.departmentId, cost: action.cost, priority: action.priority ?? s.priority, assigneeId, status });
    }
    case 'forward': {
      if (!open) return refuse('ticket_closed', 'a closed ticket cannot be forwarded; reopen it first');
      // Forwarding hands the ticket to another department's queue: nobody there has it yet.
      const status = workingStatuses.includes(s.status) ? 'open' : s.status;
      return ok({ ...s, departmentId: action.departmentId, type: action.ticketType ?? s.type, assigneeId: null, status });
    }
    case 'claim': {
      if (!open) return refuse('ticket_closed', 'a closed ticket cannot be claimed; reopen it first');
      if (s.assigneeId !== null && s.assigneeId !== action.userId) return refuse('already_claimed', 'this ticket is already assigned to someone else');
      const status = workingStatuses.includes(s.status) ? 'in_progress' : s.status;
      return ok({ ...s, assigneeId: action.userId, status });
    }
    case 'assign': {
      if (!open) return refuse('ticket_closed', 'a closed ticket cannot be assigned; reopen it first');
      const status = workingStatuses.includes(s.status) ? (action.assigneeId !== null ? 'in_progress' : s.status === 'new' ? 'new' : 'open') : s.status;
      return ok({ ...s, assigneeId: action.assigneeId, status });
    }
    case 'staff_reply': {
      if (!open) return refuse('ticket_closed', 'only open tickets take new messages; reopen the ticket first');
      return ok({ ...s, status: 'answered', answeredAt: now, preClosedAt: null, clockStartedAt: null });
    }
    case 'note':
      return ok(s);
    case 'customer_message': {
      if (!open) return refuse('ticket_closed', 'only open tickets take new messages; reopen the ticket or start a new one');
      if (s.status === 'answered' || s.status === 'pre_closed') {
        return ok({ ...s, status: resumedStatus(s), answeredAt: null, preClosedAt: null, clockStartedAt: now });
      }
      return ok({ ...s, clockStartedAt: s.clockStartedAt ?? now });
    }
    case 'set_priority': {
      if (!open) return refuse('ticket_closed', 'the priority of a closed ticket cannot change');
      return ok({ ...s, priority: action.priority });
    }
    case 'set_hot_rush': {
      if (!open) return refuse('ticket_closed', 'HotRush cannot be set on a closed ticket');
      return ok({ ...s, hotRush: action.hotRush });
    }
    case 'close': {
      if (!open) return refuse('ticket_closed', 'the ticket is already closed');
      return close(s, now, settings, true);
    }
    case 'reopen': {
      if (open) return refuse('invalid_transition', 'only a closed ticket can be reopened');
      if (s.closedAt !== null && now - s.closedAt > settings.reopenWindowMs) {
        return refuse('reopen_window_passed', `the ticket was closed more than ${Math.round(settings.reopenWindowMs / 86_400_000)} days ago; start a new ticket instead`);
      }
      return ok({ ...s, status: resumedStatus(s), closedAt: null, answeredAt: null, preClosedAt: null, clockStartedAt: now });
    }
    case 'pre_close_due': {
      if (s.status !== 'answered') return refuse('invalid_transition', 'only an answered ticket can be pre-closed');
      if (s.answeredAt === null || now - s.answeredAt < settings.preCloseAfterMs) return refuse('not_due', 'the customer still has time to answer');
      return ok({ ...s, status: 'pre_closed', preClosedAt: now });
    }
    case 'close_due': {
      if (s.status !== 'pre_closed') return refuse('invalid_transition', 'only a pre-closed ticket closes by itself');
      if (s.preClosedAt === null || now - s.preClosedAt < settings.closeAfterMs) return refuse('not_due', 'the customer still has time to give feedback');
      return close(s, now, settings, true);
    }
    case 'merge_away': {
      // A merged ticket's conversation lives on in the target; it is closed without a charge.
      const closed = open ? close(s, now, settings, false) : ok(s);
      if (!closed.ok) return closed;
      return { ok: true, charge: 0, next: { ...closed.next, mergedIntoId: action.targetId, chargedPoints: s.chargedPoints ?? 0 } };
    }
    case 'receive_merge': {
      if (!open) return refuse('ticket_closed', 'a ticket cannot be merged into a closed ticket; reopen it first');
      return ok(s);
    }
    case 'split_from':
      return ok(s);
    default:
      return assertNever(action, 'ticket action');
  }
}

/** Where the turnaround clock stands, for the ticket's `due_at` column. */
export function ticketDueAt(s: TicketState, settings: LifecycleSettings): number | null {
  if (s.clockStartedAt === null || !workingStatuses.includes(s.status)) return null;
  return dueAt(s.clockStartedAt, s.priority, s.hotRush, settings);
}

/** The state of a ticket just created by a customer. */
export function newTicketState(input: { type: TicketType; priority: Priority; hotRush: boolean; departmentId: number | null }, now: number): TicketState {
  return {
    status: 'new',
    type: input.type,
    priority: input.priority,
    hotRush: input.hotRush,
    cost: 0,
    departmentId: input.departmentId,
    assigneeId: null,
    mergedIntoId: null,
    clockStartedAt: now,
    answeredAt: null,
    preClosedAt: null,
    closedAt: null,
    chargedPoints: null,
  };
}
