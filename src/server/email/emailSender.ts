/**
 * Delivers the outbox. A sender claims a few due rows in one short statement (FOR UPDATE SKIP
 * LOCKED), pushing their next attempt past a lease, so no other process takes them while
 * this one talks to the SMTP peer; no transaction stays open during the network call. A row
 * is marked sent only after the peer accepted the message; a failure is retried with
 * exponential backoff. A process that dies mid-send leaves its rows to be retried after
 * the lease: at least once, with a fixed Message-ID per event so a duplicate is recognisable.
 */
import { exponentialBackoff } from '../../shared/async/backoff';
import { CoalescingTask } from '../../shared/async/coalescingTask';
import type { Database } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import type { Clock } from '../serverContext';
import { outboxChannel } from './outbox';
import type { MailTransport } from './transport';

export interface EmailSenderOptions {
  from: string;
  /** Makes Message-IDs unique across databases (the sync epoch). */
  messageIdScope: string;
  /** Poll for due retries this often; 0: only when runDue is called. */
  intervalMs: number;
  /** A claimed row is left alone by other senders for this long. */
  leaseMs?: number;
  batchSize?: number;
  /** Backoff: first retry after retryBaseMs, doubling up to retryCapMs; failed after maxAttempts. */
  retryBaseMs?: number;
  retryCapMs?: number;
  maxAttempts?: number;
}

type ClaimedEmail = Awaited<ReturnType<EmailSender['claim']>>[number];

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** Delay before attempt `attempts + 1` (the first retry follows attempt 1). */
export const retryDelayMs = (attempts: number, baseMs: number, capMs: number): number => exponentialBackoff(attempts - 1, { baseMs, maxMs: capMs });

export class EmailSender {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;
  /** One delivery run at a time: wakes meanwhile (a NOTIFY, the poll) fold into one more. */
  private readonly delivery = new CoalescingTask(async () => {
    if (this.stopped) return;
    await this.runDue().catch((err: unknown) => console.error('email sender:', err));
  });
  private readonly o: Required<EmailSenderOptions>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly transport: MailTransport,
    options: EmailSenderOptions,
  ) {
    this.o = { leaseMs: 10 * 60_000, batchSize: 20, retryBaseMs: 30_000, retryCapMs: 3_600_000, maxAttempts: 30, ...options };
  }

  /** Polls on the interval, and wakes at once when any process commits a new email. */
  async start(): Promise<void> {
    if (this.o.intervalMs <= 0) return;
    this.unlisten = await this.db.listen(outboxChannel, () => this.wake());
    const tick = () => {
      this.wake();
      this.timer = setTimeout(tick, this.o.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  private wake(): void {
    if (!this.stopped) void this.delivery.run();
  }

  /** Sends every email due at `now`; returns what happened. Tests call this directly. */
  async runDue(now = this.clock.now()): Promise<SendReport> {
    const report: SendReport = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const batch = await this.claim(now);
      if (!batch.length) return report;
      for (const e of batch) {
        const outcome = await this.deliver(e);
        report[outcome] += 1;
      }
      if (this.stopped) return report;
    }
  }

  private claim(now: number) {
    const q = queryBuilder(this.db);
    const due = q
      .selectFrom('emailOutbox')
      .select('id')
      .where('state', '=', 'pending')
      .where('nextAttemptAt', '<=', now)
      .orderBy('nextAttemptAt')
      .orderBy('id')
      .limit(this.o.batchSize)
      .forUpdate()
      .skipLocked();
    return q
      .updateTable('emailOutbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), nextAttemptAt: now + this.o.leaseMs }))
      .where('id', 'in', due)
      // Named as the transport names them.
      .returning(['id', 'eventKey', 'toAddress as to', 'subject', 'textBody as text', 'htmlBody as html', 'attempts'])
      .execute();
  }

  private async deliver(e: ClaimedEmail): Promise<keyof SendReport> {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.o.from)?.[1] ?? 'localhost';
    try {
      await this.transport.send({
        messageId: `<${e.eventKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${this.o.messageIdScope}@${domain}>`,
        from: this.o.from, to: e.to, subject: e.subject, text: e.text, html: e.html,
      });
    } catch (err) {
      const giveUp = e.attempts >= this.o.maxAttempts;
      const message = err instanceof Error ? err.message : String(err);
      // The clock is read now, not at claim time: the attempt itself may have taken a while.
      await queryBuilder(this.db)
        .updateTable('emailOutbox')
        .set({
          state: giveUp ? 'failed' : 'pending',
          nextAttemptAt: this.clock.now() + retryDelayMs(e.attempts, this.o.retryBaseMs, this.o.retryCapMs),
          lastError: message.slice(0, 2000),
        })
        .where('id', '=', e.id)
        .execute();
      return giveUp ? 'failed' : 'retrying';
    }
    await queryBuilder(this.db).updateTable('emailOutbox').set({ state: 'sent', sentAt: this.clock.now(), lastError: null }).where('id', '=', e.id).execute();
    return 'sent';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.();
    await this.delivery.idle();
    this.transport.close();
  }
}
