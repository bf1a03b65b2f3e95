/**
 * Watches the support mailbox (IMAP_URL) with imapflow: IDLE for new mail at once, and a
 * check every IMAP_POLL_MS besides, because IDLE is known to fall silent after hours. Each
 * unseen mail goes through the ingest; only once its write committed is it marked \Seen, so a
 * crash in between means it is read again, and the ingest's exactly-once record makes that
 * harmless. Nothing is ever deleted. A lost connection is retried with backoff.
 */
import { ImapFlow } from 'imapflow';
import { exponentialBackoff } from '../../../shared/async/backoff';
import { CoalescingTask } from '../../../shared/async/coalescingTask';
import type { IncomingMail, MailIngest } from './ingest';

export interface ImapWatcherOptions {
  url: string;
  pollMs: number;
  /** Mails fetched per round trip. */
  batchSize?: number;
  /** false: no IDLE, the periodic check alone (a server whose IDLE is broken; tests of the check). */
  idle?: boolean;
  /** Tests: called after a round's writes committed, before the mails are marked \Seen; a throw there stands for a crash in between. */
  afterCommit?: () => void;
}

export function imapSettings(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    folder: decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX',
  };
}

export class ImapWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly settings: ReturnType<typeof imapSettings>;
  private readonly rounds = new CoalescingTask(() => this.round());
  /** Mails taken in since start (for logs and the bench). */
  processed = 0;

  constructor(
    private readonly ingest: MailIngest,
    private readonly o: ImapWatcherOptions,
  ) {
    this.settings = imapSettings(o.url);
  }

  /** Connects in the background: a mail server that is down must not keep the helpdesk from starting. */
  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { folder, ...connection } = this.settings;
    // IDLE soon after each round (imapflow waits 15 s by default), so new mail is seen at once.
    const idle = this.o.idle !== false;
    const client = new ImapFlow({ ...connection, logger: false, emitLogs: false, autoIdleDelay: 200, disableAutoIdle: !idle });
    client.on('error', (err: Error) => console.error('IMAP watcher:', err.message));
    if (idle) client.on('exists', () => this.poke());
    client.on('close', () => {
      if (this.client === client) this.client = null;
      this.retryLater();
    });
    try {
      await client.connect();
      await client.mailboxOpen(folder);
    } catch (err) {
      console.error(`IMAP watcher: cannot open ${folder} on ${connection.host}:${connection.port}:`, err instanceof Error ? err.message : err);
      client.close();
      return;
    }
    this.failures = 0;
    this.client = client;
    this.poke();
    this.schedulePoll();
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.failures += 1;
    const delay = exponentialBackoff(this.failures - 1, { baseMs: 1000, maxMs: 5 * 60_000 });
    setTimeout(() => void this.connect(), delay).unref();
  }

  private schedulePoll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.poke();
      this.schedulePoll();
    }, this.o.pollMs);
    this.timer.unref();
  }

  private poke(): void {
    if (!this.stopped) void this.rounds.run();
  }

  /** Takes in every unseen mail now; resolves when they are all in (tests and the bench wait on it). */
  drain(): Promise<void> {
    return this.rounds.run();
  }

  private async round(): Promise<void> {
    const client = this.client;
    if (!client || this.stopped) return;
    try {
      for (;;) {
        const unseen = (await client.search({ seen: false }, { uid: true })) || [];
        if (!unseen.length || this.stopped) return;
        const batch = unseen.slice(0, this.o.batchSize ?? 100);
        const sizes = await client.fetchAll(batch, { uid: true, size: true }, { uid: true });
        const incoming: Array<IncomingMail & { uid: number }> = [];
        const small: number[] = [];
        for (const m of sizes) {
          if ((m.size ?? 0) <= this.ingest.limits.maxBytes) {
            small.push(m.uid);
            continue;
          }
          // Not downloaded: its headers are enough to hold it and tell the sender the limit.
          const head = await client.fetchOne(String(m.uid), { uid: true, headers: true }, { uid: true });
          if (head && head.headers) incoming.push({ uid: m.uid, raw: head.headers, via: 'imap', size: m.size });
        }
        const mails = small.length ? await client.fetchAll(small, { uid: true, source: true }, { uid: true }) : [];
        for (const m of mails) if (m.source) incoming.push({ uid: m.uid, raw: m.source, via: 'imap' });
        // The whole batch in one transaction (a savepoint per mail): one commit, not one per mail.
        await this.ingest.ingestMany(incoming);
        this.processed += incoming.filter((m) => m.size === undefined).length;
        this.o.afterCommit?.();
        const done = incoming.map((m) => m.uid);
        // Only now, after the writes committed.
        if (done.length) await client.messageFlagsAdd(done, ['\\Seen'], { uid: true });
      }
    } catch (err) {
      // The mails not marked yet are read again next round; the ingest takes each once.
      console.error('IMAP watcher:', err instanceof Error ? err.message : err);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.rounds.idle();
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }
}
