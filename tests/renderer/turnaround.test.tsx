// @vitest-environment happy-dom
/** The turnaround column: time left or overdue, colour-coded, paused states named, from `clockState`. */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Turnaround } from '../../src/renderer/queue/Turnaround';
import { formatSpan, turnaroundDisplay } from '../../src/renderer/queue/turnaroundText';

afterEach(cleanup);

const now = Date.UTC(2026, 10, 2, 9, 0, 0);
const min = 60_000;
const hour = 60 * min;

describe('turnaroundDisplay', () => {
  it('shows time left, soon within the last hour', () => {
    expect(turnaroundDisplay('open', now + 3 * hour + 5 * min, now)).toMatchObject({ text: '3h 05m left', tone: 'ok' });
    expect(turnaroundDisplay('new', now + 59 * min, now)).toMatchObject({ text: '59m left', tone: 'soon' });
    expect(turnaroundDisplay('in_progress', now + hour, now)).toMatchObject({ tone: 'soon' });
    expect(turnaroundDisplay('in_progress', now + 30 * 1000, now)).toMatchObject({ text: '<1m left', tone: 'soon' });
    expect(turnaroundDisplay('open', now + 26 * hour, now)).toMatchObject({ text: '1d 2h left', tone: 'ok' });
  });

  it('shows overdue once the clock passes the target', () => {
    expect(turnaroundDisplay('open', now - 1, now)).toMatchObject({ text: '<1m overdue', tone: 'overdue' });
    expect(turnaroundDisplay('new', now - (2 * hour + 7 * min), now)).toMatchObject({ text: '2h 07m overdue', tone: 'overdue', label: 'Turnaround: 2 hours 7 minutes overdue' });
    expect(turnaroundDisplay('in_progress', now - 3 * 24 * hour, now)).toMatchObject({ text: '3d overdue', tone: 'overdue' });
  });

  it('names the paused states, whatever the due time says', () => {
    expect(turnaroundDisplay('answered', now - hour, now)).toMatchObject({ text: 'Paused (answered)', tone: 'paused' });
    expect(turnaroundDisplay('pre_closed', null, now)).toMatchObject({ text: 'Paused (pre-closed)', tone: 'paused' });
  });

  it('shows the server\'s breach flag as overdue, even where this computer\'s clock is behind', () => {
    expect(turnaroundDisplay('open', now + 2 * min, now, now - min)).toMatchObject({ text: 'Breached', tone: 'overdue', label: 'Turnaround: breached, the target has passed' });
    expect(turnaroundDisplay('in_progress', now - 10 * min, now, now - 9 * min)).toMatchObject({ text: '10m overdue', tone: 'overdue' });
    // The flag belongs to a running clock: a paused ticket shows as paused.
    expect(turnaroundDisplay('answered', null, now, null)).toMatchObject({ tone: 'paused' });
  });

  it('shows no clock for closed tickets and stopped clocks', () => {
    expect(turnaroundDisplay('closed', now - hour, now)).toMatchObject({ text: 'Closed', tone: 'none' });
    expect(turnaroundDisplay('open', null, now)).toMatchObject({ text: '—', tone: 'none' });
  });

  it('formats spans compactly', () => {
    expect(formatSpan(0)).toBe('<1m');
    expect(formatSpan(-90 * min)).toBe('1h 30m');
    expect(formatSpan(48 * hour)).toBe('2d');
    expect(formatSpan(-(9 * 24 + 23) * hour)).toBe('9d 23h');
    // A backlog weeks overdue: days only, so the text keeps within the turnaround column.
    expect(formatSpan(-(31 * 24 + 10) * hour)).toBe('31d');
    expect(formatSpan(-(999 * 24 + 23) * hour)).toBe('999d');
  });
});

describe('<Turnaround>', () => {
  it('renders the text, a colour class and a spoken label', () => {
    const el = render(<Turnaround status="open" dueAt={now - 45 * min} now={now} />).container.querySelector('.turnaround')!;
    expect(el.textContent).toBe('45m overdue');
    expect(el.className).toContain('tone-overdue');
    expect(el.getAttribute('aria-label')).toBe('Turnaround: 45 minutes overdue');
  });

  it('shows a paused ticket as paused', () => {
    const el = render(<Turnaround status="answered" dueAt={null} now={now} />).container.querySelector('.turnaround')!;
    expect(el.textContent).toBe('Paused (answered)');
    expect(el.className).toContain('tone-paused');
  });

  it('marks a breached clock and a pre-closed ticket for the eye and for screen readers', () => {
    const breached = render(<Turnaround status="open" dueAt={now + min} breachedAt={now - 1000} now={now} />).container.querySelector('.turnaround')!;
    expect(breached.textContent).toBe('Breached');
    expect(breached.className).toContain('tone-overdue');
    const preClosed = render(<Turnaround status="pre_closed" dueAt={null} now={now} />).container.querySelectorAll('.turnaround')[0]!;
    expect(preClosed.textContent).toBe('Paused (pre-closed)');
    expect(preClosed.getAttribute('aria-label')).toBe('Turnaround paused: pre-closed, waiting for the customer');
  });

  it('ticks with the shared clock when no time is given', () => {
    const el = render(<Turnaround status="open" dueAt={Date.now() + 2 * hour + 30 * min} />).container.querySelector('.turnaround')!;
    expect(el.textContent).toMatch(/^2h (29|30)m left$/);
    expect(el.className).toContain('tone-ok');
  });
});
