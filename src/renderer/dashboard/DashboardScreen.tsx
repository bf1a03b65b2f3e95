/** Queue figures from the cache: open tickets by status and department, breaches and HotRush per day, the oldest new ticket. */
import { useQuery } from '@tanstack/react-query';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { formatSpan } from '../queue/turnaroundText';
import { formatDateTime } from '../shell/timeText';
import { useNow } from '../shell/useNow';
import { useUi } from '../shell/uiStore';
import { statusLabels } from '../ticket/ticketLabels';
import { BarChart } from './BarChart';

const shortDay = (day: string) => day.slice(5);

export function DashboardScreen() {
  const stats = useQuery({ queryKey: queryKey('dashboard.stats'), queryFn: () => consoleClient().dashboard.stats() });
  const now = useNow();
  const openTicket = useUi((s) => s.openTicket);
  if (stats.isPending) return <p className="loading">Counting…</p>;
  if (stats.isError) return <p role="alert">{stats.error.message}</p>;
  const s = stats.data;
  const oldest = s.oldestNew;
  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <header className="screen-header">
        <h1 id="dashboard-title">Dashboard</h1>
      </header>
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
          title="First-reply targets per day (dark: breached)"
          unit="Day"
          partLabel="Breached"
          bars={s.breachesPerDay.map((b) => ({ label: shortDay(b.day), value: b.due, part: b.breached }))}
        />
        <BarChart title="New HotRush tickets per day" unit="Day" bars={s.hotRushPerDay.map((b) => ({ label: shortDay(b.day), value: b.count }))} />
      </div>
    </section>
  );
}
