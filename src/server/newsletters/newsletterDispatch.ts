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
    const recent = await q
      .selectFrom('emailOutbox')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
      .where('newsletterIssueId', 'is not', null)
      .where('createdAt', '>', now - throttleWindowMs)
      .executeTakeFirstOrThrow();
    const allowance = perMinute - recent.n;
    if (allowance <= 0) return { queued: 0, skipped: 0, throttled: true };
    const limit = Math.min(allowance, this.o.batchSize ?? 500);
    // Oldest issue first; a recipient who left the topic (or has no contact address) since the send is skipped.
    const { queued, skipped } = await q
      .with('picked', (qb) =>
        qb
          .selectFrom('newsletterRecipients as r')
          .innerJoin('newsletterIssues as i', 'i.id', 'r.issueId')
          .innerJoin('accounts as a', 'a.id', 'r.accountId')
          .select((eb) => [
            'r.issueId', 'r.accountId', 'a.contactEmail', 'i.subject',
            eb.and([eb('i.topic', '=', eb.fn.any('a.newsletter')), eb('a.contactEmail', '<>', sql.lit(''))]).as('still'),
          ])
          .where('r.state', '=', sql.lit('waiting')) // a literal: the partial index newsletter_recipients_waiting matches it
          .orderBy('r.issueId')
          .orderBy('r.accountId')
          .limit(limit)
          .forUpdate('r'),
      )
      .with('queued', (qb) =>
        qb
          .insertInto('emailOutbox')
          .columns(['eventKey', 'toAddress', 'subject', 'textBody', 'htmlBody', 'nextAttemptAt', 'createdAt', 'newsletterIssueId', 'accountId'])
          .expression(
            qb
              .selectFrom('picked')
              .select((eb) => [
                eb.fn<string>('concat', [sql.lit('newsletter:'), 'issueId', sql.lit(':'), 'accountId']).as('eventKey'),
                'contactEmail', 'subject', sql.lit('').as('textBody'), sql.lit('').as('htmlBody'),
                eb.cast<number>(eb.val(now), 'bigint').as('nextAttemptAt'), eb.cast<number>(eb.val(now), 'bigint').as('createdAt'), 'issueId', 'accountId',
              ])
              .where('still', '=', true),
          )
          .onConflict((oc) => oc.column('eventKey').doNothing())
          .returning(sql.lit(1).as('one')),
      )
      .with('marked', (qb) =>
        qb
          .updateTable('newsletterRecipients as r')
          .from('picked as p')
          .set((eb) => ({ state: eb.case().when('p.still', '=', true).then(sql.lit('queued')).else(sql.lit('skipped')).end() }))
          .whereRef('r.issueId', '=', 'p.issueId')
          .whereRef('r.accountId', '=', 'p.accountId')
          .returning('r.state'),
      )
      .selectFrom('marked')
      .select((eb) => [
        eb.cast<number>(eb.fn.countAll().filterWhere('state', '=', 'queued'), 'integer').as('queued'),
        eb.cast<number>(eb.fn.countAll().filterWhere('state', '=', 'skipped'), 'integer').as('skipped'),
        eb.cast<number>(eb.selectFrom('queued').select((e) => e.fn.countAll().as('n')), 'integer').as('inserted'),
      ])
      .executeTakeFirstOrThrow();
    if (queued + skipped > 0) {
      await q
        .updateTable('newsletterIssues as i')
        .set({ queuedAllAt: now })
        .where('i.queuedAllAt', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('newsletterRecipients as r').select(sql.lit(1).as('one')).whereRef('r.issueId', '=', 'i.id').where('r.state', '=', sql.lit('waiting')))))
        .execute();
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
