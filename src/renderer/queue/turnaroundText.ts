/**
 * What the turnaround column says and how it is coloured, from the shared clock rule
 * (`clockState`): time left, overdue, paused while the customer has the ball, or no clock.
 * "Soon" is the last hour, the same line as the "Breaching within 1h" view. The server's
 * breach flag (`breachedAt`) counts as overdue even where this computer's clock runs behind.
 */
import type { TicketStatus } from '../../shared/domain/model';
import { clockState } from '../../shared/tickets/turnaround';
import { assertNever } from '../../shared/assertNever';

export type TurnaroundTone = 'ok' | 'soon' | 'overdue' | 'paused' | 'none';

export interface TurnaroundDisplay {
  text: string;
  tone: TurnaroundTone;
  /** The same in words, for screen readers. */
  label: string;
}

const minute = 60_000;
const hour = 60 * minute;
export const soonMs = hour;

/** 2d 3h, 4h 05m, 12m, <1m. */
export function formatSpan(ms: number): string {
  const m = Math.floor(Math.abs(ms) / minute);
  if (m < 1) return '<1m';
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  const rest = m % 60;
  // From ten days on, the hours are noise: "31d", so the text stays within its column's width.
  if (d >= 10) return `${d}d`;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return `${h}h ${String(rest).padStart(2, '0')}m`;
  return `${rest}m`;
}

function spokenSpan(ms: number): string {
  const m = Math.floor(Math.abs(ms) / minute);
  if (m < 1) return 'less than a minute';
  const parts: string[] = [];
  const days = Math.floor(m / (24 * 60));
  const hours = Math.floor((m % (24 * 60)) / 60);
  const minutes = m % 60;
  if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (minutes && !days) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export function turnaroundDisplay(status: TicketStatus, dueAt: number | null, now: number, breachedAt: number | null = null): TurnaroundDisplay {
  const clock = clockState(status, dueAt, now);
  switch (clock.kind) {
    case 'stopped':
      return status === 'closed' ? { text: 'Closed', tone: 'none', label: 'Turnaround: closed' } : { text: '—', tone: 'none', label: 'Turnaround: no clock running' };
    case 'paused': {
      const why = status === 'pre_closed' ? 'pre-closed' : 'answered';
      return { text: `Paused (${why})`, tone: 'paused', label: `Turnaround paused: ${why}, waiting for the customer` };
    }
    case 'running':
      if (clock.breached) return { text: `${formatSpan(clock.msLeft)} overdue`, tone: 'overdue', label: `Turnaround: ${spokenSpan(clock.msLeft)} overdue` };
      if (breachedAt !== null) return { text: 'Breached', tone: 'overdue', label: 'Turnaround: breached, the target has passed' };
      return {
        text: `${formatSpan(clock.msLeft)} left`,
        tone: clock.msLeft <= soonMs ? 'soon' : 'ok',
        label: `Turnaround: ${spokenSpan(clock.msLeft)} left`,
      };
    default:
      return assertNever(clock, 'clock state');
  }
}
