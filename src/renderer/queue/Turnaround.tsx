/** The turnaround cell: time left or overdue, colour-coded, paused states spelled out. */
import type { TicketStatus } from '../../shared/domain/model';
import { useNow } from '../shell/useNow';
import { turnaroundDisplay } from './turnaroundText';

export function Turnaround({ status, dueAt, breachedAt = null, now }: { status: TicketStatus; dueAt: number | null; breachedAt?: number | null; now?: number }) {
  const ticking = useNow();
  const d = turnaroundDisplay(status, dueAt, now ?? ticking, breachedAt);
  return (
    <span className={`turnaround tone-${d.tone}`} aria-label={d.label} title={d.label}>
      {d.text}
    </span>
  );
}
