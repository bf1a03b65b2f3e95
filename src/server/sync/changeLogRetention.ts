/**
 * Keeps the change log to a window (SYNC.md): changes older than the retention are deleted,
 * so the log does not grow with every write forever. sync_counter.trimmed_through is the
 * newest seq deleted; /api/sync/changes refuses a cursor behind it with 409 (as for a new
 * epoch), and the console bootstraps again keeping its outbox.
 */
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

/**
 * Deletes the changes older than `now - retentionMs`: every seq before the first change still
 * inside the window (all of them when none is). Found from the oldest seq on (the primary
 * key), so a run reads about as many rows as it deletes. Uncommitted writes are neither seen
 * nor deleted; several server processes may trim at once (the mark only moves forward).
 */
export async function trimChangeLog(db: Queryable, now: number, retentionMs: number): Promise<{ removed: number; trimmedThrough: number }> {
  const cutoff = now - retentionMs;
  return queryBuilder(db)
    .with('keep', (qb) =>
      qb.selectNoFrom((eb) =>
        eb.fn
          .coalesce(
            eb.selectFrom('changes').select('seq').where('at', '>=', cutoff).orderBy('seq').limit(1),
            eb(eb.selectFrom('syncCounter').select('seq').where('id', '=', 1), '+', 1),
          )
          .as('firstKept'),
      ),
    )
    .with('gone', (qb) => qb.deleteFrom('changes').where('seq', '<', (eb) => eb.selectFrom('keep').select('firstKept')).returning('seq'))
    .updateTable('syncCounter')
    .set((eb) => ({ trimmedThrough: eb.fn('greatest', ['trimmedThrough', eb.selectFrom('gone').select((g) => g.fn.max('seq').as('last'))]) }))
    .where('id', '=', 1)
    .returning((eb) => [eb.cast<number>(eb.selectFrom('gone').select((g) => g.fn.countAll().as('n')), 'integer').as('removed'), 'trimmedThrough'])
    .executeTakeFirstOrThrow();
}

/** The newest seq trimmed away: a cursor before it is no longer served. */
export async function trimmedThrough(db: Queryable): Promise<number> {
  const row = await queryBuilder(db).selectFrom('syncCounter').select('trimmedThrough').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.trimmedThrough;
}

/** Trims on a timer (a fraction of the window, at most hourly); `runDue(now)` trims once. */
export class ChangeLogTrimmer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
    readonly retentionMs: number,
  ) {}

  runDue(now = this.now()): Promise<{ removed: number; trimmedThrough: number }> {
    return trimChangeLog(this.db, now, this.retentionMs);
  }

  start(): void {
    const intervalMs = Math.max(1000, Math.min(Math.floor(this.retentionMs / 4), 3_600_000));
    const tick = async () => {
      this.running = this.runDue().catch((err: unknown) => console.error('change-log trim:', err));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs).unref();
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
