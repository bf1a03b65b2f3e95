/**
 * The timed rules of the ticket life cycle, driven by the injectable clock: answered tickets
 * pre-close after preCloseAfter, pre-closed ones close (with their charge) after closeAfter,
 * and a running turnaround clock that passes its due time is flagged once and called out to
 * the consoles. All state is in the tickets table, so a restarted process simply resumes.
 *
 * Each due ticket is handled in its own short transaction that picks it with
 * FOR UPDATE SKIP LOCKED: several processes on one PostgreSQL share the work without ever
 * moving a ticket twice, and a ticket a person is changing right now is left for the next run.
 */
import { lifecycleSettings } from '../config/settings';
import { queryBuilder, sql, type Tables } from '../db/queryBuilder';
import type { Kysely } from 'kysely';
import type { LifecycleSettings } from '../../shared/domain/model';
import type { TicketAction } from '../../shared/tickets/lifecycle';
import type { ServerContext } from '../serverContext';
import { write, type ChangeWriter } from '../sync/changeLog';
import { notifyConsoles } from '../sync/consoleNotifications';
import { applyTransition } from '../tickets/ticketCommands';
import { lockTicket } from '../tickets/ticketStore';
import { settingsForStoredDeadlines } from './deadlines';

export interface SchedulerReport {
  preClosed: number;
  closed: number;
  breached: number;
}

interface TimedRule {
  name: keyof SchedulerReport;
  /** Picks one due ticket, locked, skipping those locked by others and the ids in `skip`. */
  pick(q: Kysely<Tables>, now: number, s: LifecycleSettings, skip: number[]): Promise<{ id: number } | undefined>;
  apply(w: ChangeWriter, ticketId: number, settings: LifecycleSettings, publicUrl: string): Promise<void>;
}

/** A timed transition through the same path as every other: decide, save, charge, notify. */
function timedTransition(action: TicketAction): TimedRule['apply'] {
  return async (w, ticketId, settings, publicUrl) => {
    const t = await lockTicket(w, { id: ticketId });
    await applyTransition({ w, settings, publicUrl, actorId: null }, t, action, settingsForStoredDeadlines(t, settings));
  };
}

/** One due ticket of `tickets`, not in `skip`, locked unless another transaction holds it. */
const pickOne = (q: Kysely<Tables>, skip: number[]) =>
  q
    .selectFrom('tickets')
    .select('id')
    // One array parameter whatever the number of ids, so the statement's text stays the same.
    .where('id', '<>', sql<number>`ALL(${skip}::bigint[])`)
    .limit(1)
    .forUpdate()
    .skipLocked();

const rules: TimedRule[] = [
  {
    name: 'preClosed',
    // Rows from before the deadline columns existed fall back to the current setting.
    pick: (q, now, s, skip) =>
      pickOne(q, skip)
        .where('status', '=', 'answered')
        .where((eb) => eb.or([eb('preCloseDueAt', '<=', now), eb.and([eb('preCloseDueAt', 'is', null), eb('answeredAt', '<=', now - s.preCloseAfterMs)])]))
        .executeTakeFirst(),
    apply: timedTransition({ type: 'pre_close_due' }),
  },
  {
    name: 'closed',
    pick: (q, now, s, skip) =>
      pickOne(q, skip)
        .where('status', '=', 'pre_closed')
        .where((eb) => eb.or([eb('closeDueAt', '<=', now), eb.and([eb('closeDueAt', 'is', null), eb('preClosedAt', '<=', now - s.closeAfterMs)])]))
        .executeTakeFirst(),
    apply: timedTransition({ type: 'close_due' }),
  },
  {
    name: 'breached',
    // due_at is set only while the clock runs (new, open, in progress). Log tickets are
    // records, never in a queue: nobody is late on them.
    pick: (q, now, _s, skip) =>
      pickOne(q, skip).where('dueAt', 'is not', null).where('breachedAt', 'is', null).where('dueAt', '<=', now).where('type', '<>', 'log').executeTakeFirst(),
    apply: async (w, ticketId) => {
      // The version goes up so consoles' caches take the new copy; updated_at stays: nobody worked on it.
      await queryBuilder(w).updateTable('tickets').set((eb) => ({ breachedAt: w.now, version: eb('version', '+', 1) })).where('id', '=', ticketId).execute();
      w.changed('ticket', ticketId);
      await notifyConsoles(w, 'breach', ticketId);
    },
  },
];

export class LifecycleScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly publicUrl: string,
  ) {}

  /** Runs every rule until nothing is due at `now`. Tests call this with their clock's time. */
  async runDue(now = this.ctx.clock.now()): Promise<SchedulerReport> {
    const settings = await lifecycleSettings(this.ctx.db);
    const report: SchedulerReport = { preClosed: 0, closed: 0, breached: 0 };
    for (const rule of rules) {
      // A ticket whose transition fails is skipped for the rest of this run, not retried forever.
      const failed: number[] = [];
      while (!this.stopped) {
        const picked: { id: number | null } = { id: null };
        try {
          const done = await write(this.ctx.db, now, async (w) => {
            const row = await rule.pick(queryBuilder(w), now, settings, failed);
            if (!row) return false;
            picked.id = row.id;
            await rule.apply(w, row.id, settings, this.publicUrl);
            return true;
          });
          if (!done) break;
          report[rule.name] += 1;
        } catch (err) {
          if (picked.id === null) throw err;
          failed.push(picked.id);
          console.error(`life-cycle scheduler: ticket ${picked.id} (${rule.name}):`, err);
        }
      }
    }
    return report;
  }

  /** Runs on the interval with the clock's time; 0 leaves it to explicit runDue calls. */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    const tick = async () => {
      this.running = this.runDue().catch((err: unknown) => console.error('life-cycle scheduler:', err));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
