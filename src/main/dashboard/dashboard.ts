/**
 * The dashboard's figures, aggregated from the cache with the queue indexes where they help.
 * Breaches are counted on each ticket's first turnaround target (creation to first staff
 * reply), the one the cache can still see after the fact: a ticket's due time is cleared once
 * it is answered. Targets are the server's life-cycle settings as the engine last read them
 * (DOMAIN.md's defaults until it has), so an admin's change of a target shows here too.
 */
import type { DashboardStats } from '../../shared/console/schemas';
import { defaultLifecycleSettings, TicketStatus, type LifecycleSettings } from '../../shared/domain/model';
import type { CacheReader } from '../cache/cacheDatabase';

const dayMs = 86_400_000;

/** `YYYY-MM-DD` of a time, in UTC so every console draws the same bars. */
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function lastDays(now: number, count: number): string[] {
  const today = Math.floor(now / dayMs) * dayMs;
  return Array.from({ length: count }, (_, i) => dayOf(today - (count - 1 - i) * dayMs));
}

/** `days`: how many days the per-day figures cover, today included; `turnaroundMs`: the targets in force. */
export function readDashboardStats(r: CacheReader, now: number, daysShown = 14, turnaroundMs: LifecycleSettings['turnaroundMs'] = defaultLifecycleSettings.turnaroundMs): DashboardStats {
  const days = lastDays(now, daysShown);
  const since = Date.parse(`${days[0]}T00:00:00Z`);

  const byStatus = r.statement(`SELECT status, count(*) AS n FROM tickets WHERE type <> 'log' AND status <> 'closed' GROUP BY status`).all() as Array<{ status: string; n: number }>;
  const openByStatus = TicketStatus.options
    .filter((s) => s !== 'closed')
    .map((status) => ({ status, count: byStatus.find((row) => row.status === status)?.n ?? 0 }));

  const byDepartment = r
    .statement(
      `SELECT t.department_id AS departmentId, d.name AS name, count(*) AS n FROM tickets t LEFT JOIN departments d ON d.id = t.department_id
        WHERE t.type <> 'log' AND t.status IN ('new', 'open', 'in_progress') GROUP BY t.department_id ORDER BY n DESC`,
    )
    .all() as Array<{ departmentId: number | null; name: string | null; n: number }>;
  const openByDepartment = byDepartment.map((d) => ({ departmentId: d.departmentId, name: d.name ?? (d.departmentId === null ? 'Not classified' : `Department ${d.departmentId}`), count: d.n }));

  const t = turnaroundMs;
  const firstTargets = r
    .statement(
      `SELECT f.due AS due, (SELECT min(m.created_at) FROM messages m WHERE m.ticket_id = f.id AND m.kind = 'staff' AND m.id > 0) AS replied
         FROM (SELECT t.id, t.created_at + CASE WHEN t.hot_rush = 1 THEN ? WHEN t.priority = 'major' THEN ? WHEN t.priority = 'normal' THEN ? ELSE ? END AS due
                 FROM tickets t WHERE t.type <> 'log' AND t.created_at >= ?) f
        WHERE f.due >= ? AND f.due <= ?`,
    )
    .all(t.hotRush, t.major, t.normal, t.minor, since - t.minor, since, now) as Array<{ due: number; replied: number | null }>;
  const breaches = new Map(days.map((d) => [d, { due: 0, breached: 0 }]));
  for (const f of firstTargets) {
    const bucket = breaches.get(dayOf(f.due));
    if (!bucket) continue;
    bucket.due += 1;
    if (f.replied === null || f.replied > f.due) bucket.breached += 1;
  }

  const hot = r.statement(`SELECT created_at AS createdAt FROM tickets WHERE hot_rush = 1 AND type <> 'log' AND created_at >= ?`).all(since) as Array<{ createdAt: number }>;
  const hotByDay = new Map(days.map((d) => [d, 0]));
  for (const h of hot) {
    const day = dayOf(h.createdAt);
    if (hotByDay.has(day)) hotByDay.set(day, hotByDay.get(day)! + 1);
  }

  const oldest = r
    .statement(`SELECT id AS ticketId, number, subject, created_at AS createdAt FROM tickets WHERE type <> 'log' AND status = 'new' ORDER BY created_at, id LIMIT 1`)
    .get() as DashboardStats['oldestNew'] | undefined;

  return {
    openByStatus,
    openByDepartment,
    breachesPerDay: days.map((day) => ({ day, ...breaches.get(day)! })),
    hotRushPerDay: days.map((day) => ({ day, count: hotByDay.get(day)! })),
    oldestNew: oldest ?? null,
    at: now,
  };
}
