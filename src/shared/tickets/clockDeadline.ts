/**
 * The turnaround due time a ticket keeps across a transition, shared by the server (which
 * stores it) and the console (which shows its optimistic copy until the server's row arrives).
 * A clock keeps the due time it started with while it runs unchanged, so a target an admin
 * changes applies to new clocks only; a new clock (or another priority or HotRush) starts
 * unflagged.
 */
import type { LifecycleSettings } from '../domain/model';
import { ticketDueAt, type TicketState } from './lifecycle';

export interface ClockDeadline {
  dueAt: number | null;
  /** When the scheduler flagged this clock as breached; null for a new clock. */
  breachedAt: number | null;
}

export function nextClockDeadline(before: TicketState & ClockDeadline, next: TicketState, settings: LifecycleSettings): ClockDeadline {
  const freshDue = ticketDueAt(next, settings);
  const sameClock = before.clockStartedAt === next.clockStartedAt && before.priority === next.priority && before.hotRush === next.hotRush;
  const dueAt = sameClock && freshDue !== null && before.dueAt !== null ? before.dueAt : freshDue;
  return { dueAt, breachedAt: dueAt !== null && dueAt === before.dueAt ? before.breachedAt : null };
}
