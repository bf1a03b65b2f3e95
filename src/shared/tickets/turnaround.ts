/** The turnaround clock of DOMAIN.md: targets per priority and HotRush, counted 24/7. */
import type { LifecycleSettings, Priority } from '../domain/model';

export function turnaroundTarget(priority: Priority, hotRush: boolean, settings: LifecycleSettings): number {
  return hotRush ? settings.turnaroundMs.hotRush : settings.turnaroundMs[priority];
}

export function dueAt(clockStartedAt: number, priority: Priority, hotRush: boolean, settings: LifecycleSettings): number {
  return clockStartedAt + turnaroundTarget(priority, hotRush, settings);
}

export type ClockState =
  | { kind: 'stopped' }
  | { kind: 'paused' }
  | { kind: 'running'; msLeft: number; breached: boolean };

/** What the console shows for a ticket's clock at `now`. */
export function clockState(status: string, due: number | null, now: number): ClockState {
  if (status === 'closed') return { kind: 'stopped' };
  if (status === 'answered' || status === 'pre_closed') return { kind: 'paused' };
  if (due === null) return { kind: 'stopped' };
  const msLeft = due - now;
  return { kind: 'running', msLeft, breached: msLeft < 0 };
}
