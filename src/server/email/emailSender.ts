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
import { queryBuilder, sql } from '../db/queryBuilder';
import type { Clock } from '../serverContext';
import { outboxChannel } from './outbox';
import type { ReplyTokens } from './replyToken';
import { withReplyToken } from './templates';
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
  /** Newsletter emails delivered at once (the SMTP transport pools as many connections). */
  bulkConcurrency?: number;
  /** Backoff: first retry after retryBaseMs, doubling up to retryCapMs; failed after maxAttempts. */
  retryBaseMs?: number;
  retryCapMs?: number;
  maxAttempts?: number;
  /** The signer of the per-ticket token, written into a ticket mail's reply marker (and its Reply-To). */
  tokens?: ReplyTokens | null;
  /** REPLY_TO_ADDRESS, with `<token>` for the ticket's token; unset: no Reply-To. */
  replyToAddress?: string | null;
  /** Composes a newsletter's email as it leaves (newsletterMail.ts): its row holds only the issue and the recipient. */
  newsletters?: NewsletterComposer | null;
}

export interface NewsletterComposer {
  /** Reads what a batch's emails need in one go (their accounts), before they are composed one by one. */
  prepare(accountIds: number[]): Promise<void>;
  compose(issueId: number, accountId: number): Promise<{ subject: string; text: string; html: string; headers: Record<string, string> }>;
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
    this.o = { leaseMs: 10 * 60_000, batchSize: 20, bulkConcurrency: 3, retryBaseMs: 30_000, retryCapMs: 3_600_000, maxAttempts: 30, tokens: null, replyToAddress: null, newsletters: null, ...options };
    this.domain = /@([^>\s]+)>?\s*$/.exec(this.o.from)?.[1] ?? 'localhost';
  }

  private readonly domain: string;

  /** Fixed per event, so a redelivery after a crash has the Message-ID of the first try. */
  messageIdOf(eventKey: string): string {
    return `<${eventKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${this.o.messageIdScope}@${this.domain}>`;
  }

  /** Polls on the interval, and wakes at once when any process commits a new email. */
  async start(): Promise<void> {
    if (this.o.intervalMs <= 0) return;
    // Woken on a new email, and when the listening connection is back after a loss.
    this.unlisten = await this.db.listen(outboxChannel, () => this.wake(), () => this.wake());
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
      // UPDATE ... RETURNING gives rows in no set order: oldest first, so a ticket's mails leave in the order they tell.
      const batch = (await this.claim(now)).sort((a, b) => a.id - b.id);
      if (!batch.length) return report;
      const tell = (outcome: keyof SendReport) => void (report[outcome] += 1);
      for (const e of batch.filter((m) => m.newsletterIssueId === null)) tell(await this.deliver(e));
      // A newsletter's emails are independent of each other: a few at a time, one per pooled connection.
      const bulk = batch.filter((m) => m.newsletterIssueId !== null);
      // Their Message-IDs recorded and their recipients read for the whole batch at once, not per email.
      if (bulk.length) await Promise.all([this.recordMessageIds(bulk), this.o.newsletters?.prepare(bulk.map((m) => m.accountId!))]);
      await Promise.all(Array.from({ length: Math.min(this.o.bulkConcurrency, bulk.length) }, async () => {
        for (let e = bulk.shift(); e; e = bulk.shift()) tell(await this.deliver(e, true));
      }));
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
      .returning(['id', 'eventKey', 'toAddress as to', 'subject', 'textBody as text', 'htmlBody as html', 'attempts', 'ticketId', 'newsletterIssueId', 'accountId'])
      .execute();
  }

  /**
   * Records the Message-ID before the mail leaves, so a reply is matched to its ticket (and a
   * mail of ours coming back is known) however fast it comes; returns the ticket's thread so far.
   */
  private async thread(e: ClaimedEmail, messageId: string): Promise<string[]> {
    const q = queryBuilder(this.db);
    await q.updateTable('emailOutbox').set({ messageId }).where('id', '=', e.id).where('messageId', 'is', null).execute();
    if (e.ticketId === null) return [];
    const earlier = await q
      .selectFrom('emailOutbox').select('eventKey')
      .where('ticketId', '=', e.ticketId).where('id', '<', e.id)
      .orderBy('id', 'desc').limit(10)
      .execute();
    return earlier.reverse().map((r) => this.messageIdOf(r.eventKey));
  }

  /** thread() for a batch without tickets: every Message-ID in one statement. */
  private async recordMessageIds(batch: ClaimedEmail[]): Promise<void> {
    const ids = batch.map((e) => e.id);
    const messageIds = batch.map((e) => this.messageIdOf(e.eventKey));
    const q = queryBuilder(this.db);
    // Two unnests in one select list run side by side: the pairs (id, Message-ID).
    const pairs = q.selectNoFrom((eb) => [
      eb.fn<number>('unnest', [sql`${ids}::bigint[]`]).as('id'),
      eb.fn<string>('unnest', [sql`${messageIds}::text[]`]).as('mid'),
    ]);
    await q
      .updateTable('emailOutbox as o')
      .from(pairs.as('v'))
      .set((eb) => ({ messageId: eb.ref('v.mid') }))
      .whereRef('o.id', '=', 'v.id')
      .where('o.messageId', 'is', null)
      .execute();
  }

  private async deliver(e: ClaimedEmail, threaded = false): Promise<keyof SendReport> {
    const messageId = this.messageIdOf(e.eventKey);
    const tokens = e.ticketId !== null ? this.o.tokens : null;
    const replyTo = tokens && this.o.replyToAddress ? tokens.address(this.o.replyToAddress, e.ticketId!) : undefined;
    try {
      const references = threaded ? [] : await this.thread(e, messageId);
      const content = e.newsletterIssueId !== null && this.o.newsletters
        ? await this.o.newsletters.compose(e.newsletterIssueId, e.accountId!)
        // The token goes into the reply marker as the mail leaves: the outbox row is written where no signer is at hand.
        : { subject: e.subject, ...(tokens ? withReplyToken(e, tokens.tokenFor(e.ticketId!)) : { text: e.text, html: e.html }) };
      await this.transport.send({ messageId, from: this.o.from, to: e.to, ...content, replyTo, references });
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
