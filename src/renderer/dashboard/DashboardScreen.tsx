/** Queue figures from the cache: open tickets by status and department, breaches and HotRush per day over a chosen range, the oldest new ticket. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { formatSpan } from '../queue/turnaroundText';
import { formatDateTime } from '../shell/timeText';
import { useNow } from '../shell/useNow';
import { useUi } from '../shell/uiStore';
import { statusLabels } from '../ticket/ticketLabels';
import { BarChart, type Bar } from './BarChart';
import { SegmentedChoice } from '../shell/SegmentedChoice';

const ranges = [7, 14, 30] as const;
type Range = (typeof ranges)[number];

/** A UTC day (`YYYY-MM-DD`) as a bar's label: "3 Dec", the last one "Today"; the tooltip's "Thu 3 Dec". */
export function dayLabels(day: string, isToday: boolean): Pick<Bar, 'label' | 'fullLabel'> {
  const d = new Date(`${day}T00:00:00Z`);
  const short = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const full = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return isToday ? { label: 'Today', fullLabel: `${full} (today)` } : { label: short, fullLabel: full };
}

export function DashboardScreen() {
  const [days, setDays] = useState<Range>(14);
  const input = { days };
  const stats = useQuery({ queryKey: queryKey('dashboard.stats', input), queryFn: () => consoleClient().dashboard.stats(input), placeholderData: (prev) => prev });
  const now = useNow();
  const openTicket = useUi((s) => s.openTicket);
  const header = (
    <header className="screen-header">
      <h1 id="dashboard-title">Dashboard</h1>
      <SegmentedChoice<Range> label="Days shown" options={ranges.map((r) => ({ value: r, label: `Last ${r} days` }))} chosen={days} onChange={setDays} />
    </header>
  );
  if (stats.isPending) return <p className="loading">Counting…</p>;
  if (stats.isError) return <p role="alert">{stats.error.message}</p>;
  const s = stats.data;
  const oldest = s.oldestNew;
  const perDay = <T extends { day: string }>(rows: T[], bar: (row: T) => Omit<Bar, 'label' | 'fullLabel'>): Bar[] =>
    rows.map((row, i) => ({ ...dayLabels(row.day, i === rows.length - 1), ...bar(row) }));
  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      {header}
      <div className="oldest-new">
        <h2>Oldest new ticket</h2>
        {oldest ? (
          <p>
            <button type="button" className="link-button" onClick={() => openTicket(oldest.ticketId)}>
              #{oldest.number}
            </button>{' '}
            {oldest.subject} — waiting <strong>{formatSpan(Math.max(0, now - oldest.createdAt))}</strong> (since {formatDateTime(oldest.createdAt)})
          </p>
        ) : (
          <p>The dispatch inbox is empty.</p>
        )}
      </div>
      <div className="charts">
        <BarChart title="Open tickets by status" unit="Status" bars={s.openByStatus.map((b) => ({ label: statusLabels[b.status], value: b.count }))} />
        <BarChart title="Waiting for staff, by department" unit="Department" bars={s.openByDepartment.map((b) => ({ label: b.name, value: b.count }))} />
        <BarChart
          title={`First-reply targets per day, last ${days} days`}
          unit="Day"
          partLabel="Breached"
          legend={{ value: { label: 'Met the target', colour: 'blue' }, part: { label: 'Breached', colour: 'red' } }}
          bars={perDay(s.breachesPerDay, (b) => ({ value: b.due, part: b.breached }))}
        />
        <BarChart title={`New HotRush tickets per day, last ${days} days`} unit="Day" bars={perDay(s.hotRushPerDay, (b) => ({ value: b.count }))} />
      </div>
    </section>
  );
}
