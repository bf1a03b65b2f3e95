/**
 * The deadlines a ticket row stores beside its state: turnaround due time, breach flag,
 * pre-close and close times. Each is fixed when its clock starts and kept while that clock
 * runs, so a setting an admin changes applies to new clocks, never to a promise already made
 * (the customer told "closes in 3 days" gets the 3 days).
 */
import type { LifecycleSettings } from '../../shared/domain/model';
import { nextClockDeadline } from '../../shared/tickets/clockDeadline';
import type { TicketState } from '../../shared/tickets/lifecycle';

export interface TicketDeadlines {
  dueAt: number | null;
  /** When the scheduler flagged the current clock as breached; null for a new clock. */
  breachedAt: number | null;
  preCloseDueAt: number | null;
  closeDueAt: number | null;
}

export function nextDeadlines(before: TicketState & TicketDeadlines, next: TicketState, settings: LifecycleSettings): TicketDeadlines {
  const { dueAt, breachedAt } = nextClockDeadline(before, next, settings);
  const stillAnswered = before.status === 'answered' && next.status === 'answered' && before.answeredAt === next.answeredAt;
  const stillPreClosed = before.status === 'pre_closed' && next.status === 'pre_closed' && before.preClosedAt === next.preClosedAt;
  return {
    dueAt,
    breachedAt,
    preCloseDueAt:
      next.status !== 'answered' || next.answeredAt === null ? null : stillAnswered && before.preCloseDueAt !== null ? before.preCloseDueAt : next.answeredAt + settings.preCloseAfterMs,
    closeDueAt:
      next.status !== 'pre_closed' || next.preClosedAt === null ? null : stillPreClosed && before.closeDueAt !== null ? before.closeDueAt : next.preClosedAt + settings.closeAfterMs,
  };
}

/**
 * The settings a timed decision is checked against: the periods this ticket's stored
 * deadlines imply, so the scheduler and `decide` agree on what is due.
 */
export function settingsForStoredDeadlines(t: TicketState & TicketDeadlines, settings: LifecycleSettings): LifecycleSettings {
  return {
    ...settings,
    preCloseAfterMs: t.preCloseDueAt !== null && t.answeredAt !== null ? t.preCloseDueAt - t.answeredAt : settings.preCloseAfterMs,
    closeAfterMs: t.closeDueAt !== null && t.preClosedAt !== null ? t.closeDueAt - t.preClosedAt : settings.closeAfterMs,
  };
}
