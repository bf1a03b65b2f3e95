/**
 * Hands sent issues' recipients to the email outbox at the throttle's pace: at most
 * `perMinute` newsletter emails enter the outbox in any 60 seconds, across every server
 * process. Each round holds one transaction-level advisory lock, so processes take turns:
 * the count of the last minute's newsletter rows it reads includes every other process's
 * committed round. A recipient becomes its outbox row and `queued` in one statement; the row's
 * event key (newsletter:<issue>:<account>) is unique, so no interleaving of processes, crash
 * or retry can make two emails for one recipient. Throttling here, before the outbox, keeps
 * a 5,000-recipient issue from standing in front of ticket notifications there.
 */
import { CoalescingTask } from '../../shared/async/coalescingTask';
import type { Database, Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import { newsletterSettings } from '../config/settings';
import { outboxChannel } from '../email/outbox';
import type { Clock } from '../serverContext';
import { newsletterChannel } from './newsletterCommands';

/** pg_advisory_xact_lock key of the dispatch rounds. */
const dispatchLock = 7_270_015;
export const throttleWindowMs = 60_000;

export interface DispatchReport {
  queued: number;
  skipped: number;
  /** The minute's allowance is used up: the rest waits for the window to move on. */
  throttled: boolean;
}

export class NewsletterDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;
  private readonly rounds = new CoalescingTask(async () => {
    if (this.stopped) return;
    await this.runDue().catch((err: unknown) => console.error('newsletter dispatch:', err));
  });

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly o: { intervalMs: number; batchSize?: number },
  ) {}

  /** Polls on the interval (the throttle's window moves on by itself), and wakes at once on a sent issue. */
  async start(): Promise<void> {
    if (this.o.intervalMs <= 0) return;
    this.unlisten = await this.db.listen(newsletterChannel, () => this.wake(), () => this.wake());
    const tick = () => {
      this.wake();
      this.timer = setTimeout(tick, this.o.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  private wake(): void {
    if (!this.stopped) void this.rounds.run();
  }

  /** Queues every recipient the throttle allows at `now`. Tests call this directly. */
  async runDue(now = this.clock.now()): Promise<DispatchReport> {
    const report: DispatchReport = { queued: 0, skipped: 0, throttled: false };
    for (;;) {
      const r = await this.db.transaction((tx) => this.round(tx, now));
      report.queued += r.queued;
      report.skipped += r.skipped;
      report.throttled = r.throttled;
      if (r.throttled || r.queued + r.skipped === 0 || this.stopped) return report;
    }
  }

  private async round(tx: Queryable, now: number): Promise<DispatchReport> {
    const q = queryBuilder(tx);
    await sql`SELECT pg_advisory_xact_lock(${dispatchLock})`.execute(q);
    const { perMinute } = await newsletterSettings(tx);
    const recent = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM email_outbox WHERE newsletter_issue_id IS NOT NULL AND created_at > ${now - throttleWindowMs}`.execute(q);
    const allowance = perMinute - recent.rows[0]!.n;
    if (allowance <= 0) return { queued: 0, skipped: 0, throttled: true };
    const limit = Math.min(allowance, this.o.batchSize ?? 500);
    // Oldest issue first; a recipient who left the topic (or has no contact address) since the send is skipped.
    const counted = await sql<{ queued: number; skipped: number }>`
      WITH picked AS (
        SELECT r.issue_id, r.account_id, a.contact_email, i.subject,
               (i.topic = ANY (a.newsletter) AND a.contact_email <> '') AS still
          FROM newsletter_recipients r
          JOIN newsletter_issues i ON i.id = r.issue_id
          JOIN accounts a ON a.id = r.account_id
         WHERE r.state = 'waiting'
         ORDER BY r.issue_id, r.account_id
         LIMIT ${limit}
         FOR UPDATE OF r
      ), queued AS (
        INSERT INTO email_outbox (event_key, to_address, subject, text_body, html_body, next_attempt_at, created_at, newsletter_issue_id, account_id)
        SELECT 'newsletter:' || issue_id || ':' || account_id, contact_email, subject, '', '', ${now}::bigint, ${now}::bigint, issue_id, account_id FROM picked WHERE still
        ON CONFLICT (event_key) DO NOTHING
        RETURNING 1
      ), marked AS (
        UPDATE newsletter_recipients r SET state = CASE WHEN p.still THEN 'queued' ELSE 'skipped' END
          FROM picked p WHERE r.issue_id = p.issue_id AND r.account_id = p.account_id
        RETURNING r.state
      )
      SELECT count(*) FILTER (WHERE state = 'queued')::int AS queued, count(*) FILTER (WHERE state = 'skipped')::int AS skipped,
             (SELECT count(*) FROM queued)::int AS inserted
        FROM marked`.execute(q);
    const { queued, skipped } = counted.rows[0]!;
    if (queued + skipped > 0) {
      await sql`
        UPDATE newsletter_issues i SET queued_all_at = ${now}::bigint
         WHERE queued_all_at IS NULL AND NOT EXISTS (SELECT 1 FROM newsletter_recipients r WHERE r.issue_id = i.id AND r.state = 'waiting')`.execute(q);
    }
    // Wakes every process's sender at commit.
    if (queued > 0) await sql`SELECT pg_notify(${outboxChannel}, 'newsletter')`.execute(q);
    return { queued, skipped, throttled: queued >= allowance };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.();
    await this.rounds.idle();
  }
}
