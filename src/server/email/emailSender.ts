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

interface ClaimedEmail {
  id: number;
  eventKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
}

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

  private claim(now: number): Promise<ClaimedEmail[]> {
    return this.db.query<ClaimedEmail>(
      `UPDATE email_outbox SET attempts = attempts + 1, next_attempt_at = $1::bigint + $2::bigint
        WHERE id IN (SELECT id FROM email_outbox WHERE state = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, event_key AS "eventKey", to_address AS "to", subject, text_body AS text, html_body AS html, attempts`,
      [now, this.o.leaseMs, this.o.batchSize],
    );
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
      await this.db.query(`UPDATE email_outbox SET state = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`, [
        e.id, giveUp ? 'failed' : 'pending', this.clock.now() + retryDelayMs(e.attempts, this.o.retryBaseMs, this.o.retryCapMs), message.slice(0, 2000),
      ]);
      return giveUp ? 'failed' : 'retrying';
    }
    await this.db.query(`UPDATE email_outbox SET state = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [e.id, this.clock.now()]);
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
