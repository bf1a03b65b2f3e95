/**
 * Sends the upload queue while the server is reachable: in order, one at a time, each as raw
 * bytes to its route (a ticket attachment, with the message's server id for a reply's file;
 * or admin publishing into a folder). Offline it waits for the connection to come back; a
 * transient failure retries with exponential backoff; a refusal stays in the queue with the
 * server's reason. Every attempt carries the upload's key, so one that reached the server
 * unanswered is answered with its stored row when sent again: a file is stored once.
 */
import { readFile } from 'node:fs/promises';
import { exponentialBackoff, type Backoff } from '../../shared/async/backoff';
import { CoalescingTask } from '../../shared/async/coalescingTask';
import type { Cache } from '../cache/cacheDatabase';
import { ConsoleError } from '../console/consoleErrors';
import type { FetchImpl } from '../console/staffApi';
import type { BlobCache } from './blobCache';
import { isTransient, reach, refusalOf } from './transferErrors';
import { dueUploads, markFailed, markRetry, markSending, markSent, nextAttemptAt, replyState, type QueuedUpload } from './uploadQueue';

export interface UploadSenderOptions {
  cache: Cache;
  blobs: BlobCache;
  fetch: FetchImpl;
  serverUrl: string;
  token: string;
  userId: number;
  now(): number;
  isOnline(): boolean;
  /** Brings the server's rows in (after a send). */
  pull(): Promise<void>;
  /** The queue changed: the renderer's lists refetch. */
  changed(): void;
  backoff?: Backoff;
}

const defaultBackoff: Backoff = { baseMs: 2000, maxMs: 5 * 60_000 };

export class UploadSender {
  private ignoreBackoff = false;
  /** One pass over the queue at a time: kicks meanwhile fold into one more pass. */
  private readonly sending = new CoalescingTask(async () => {
    if (this.stopped) return;
    try {
      await this.drain();
    } finally {
      this.scheduleNext();
    }
  });
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: UploadSenderOptions) {}

  /** Sends what is due, soon; `now` also sends what is backing off (the server just came back). */
  kick(opts: { now?: boolean } = {}): void {
    if (this.stopped) return;
    if (opts.now) this.ignoreBackoff = true;
    void this.sending.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sending.idle();
  }

  /** Settles when no run is going (tests). */
  idle(): Promise<void> {
    return this.sending.idle();
  }

  private scheduleNext(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = nextAttemptAt(this.opts.cache.reader);
    if (at === null || this.stopped) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, at - this.opts.now()));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const ignoreBackoff = this.ignoreBackoff;
    this.ignoreBackoff = false;
    if (!this.opts.isOnline()) return;
    for (const u of dueUploads(this.opts.cache.reader, this.opts.now(), ignoreBackoff)) {
      if (this.stopped || !this.opts.isOnline()) return;
      await this.sendOne(u);
    }
  }

  private async sendOne(u: QueuedUpload): Promise<void> {
    const w = this.opts.cache.writer;
    let messageId: number | null = null;
    let ticketId = u.ticketId;
    if (u.clientRef) {
      // A reply's file waits for the server's copy of the reply (the list shows why).
      const reply = replyState(this.opts.cache.reader, u.clientRef);
      if (reply.kind !== 'delivered') return;
      messageId = reply.messageId;
      // A merge may have moved the message: attach it where the message is now.
      ticketId = reply.ticketId;
    }
    markSending(w, u.id);
    this.opts.changed();
    try {
      // The same key on every attempt: if an earlier one was stored and its answer lost (a
      // proxy's 502, a reset, a restart mid-send), the server answers with that row.
      const serverId = await this.post(u, ticketId, messageId);
      markSent(w, u.id, serverId, this.opts.now());
      void this.opts.pull().catch(() => undefined);
    } catch (err) {
      const body = err instanceof ConsoleError ? err.body : { code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
      if (isTransient(err)) {
        const at = this.opts.now() + exponentialBackoff(u.attempts, this.opts.backoff ?? defaultBackoff);
        markRetry(w, u.id, { ...body, at });
      } else markFailed(w, u.id, body);
    }
    this.opts.changed();
  }

  private async post(u: QueuedUpload, ticketId: number | null, messageId: number | null): Promise<number> {
    const { serverUrl, token } = this.opts;
    const query = new URLSearchParams({ name: u.name, key: u.uploadKey });
    let url: string;
    if (u.targetKind === 'folder') {
      query.set('note', u.note);
      query.set('published', u.published ? 'true' : 'false');
      url = `${serverUrl}/api/admin/file-folders/${u.folderId}/files?${query}`;
    } else {
      if (messageId !== null) query.set('messageId', String(messageId));
      url = `${serverUrl}/api/staff/tickets/${ticketId}/attachments?${query}`;
    }
    let bytes: Buffer;
    try {
      // Staged uploads are at most stageUploadMaxBytes: reading one whole is fine.
      bytes = await readFile(this.opts.blobs.pathOf(u.sha256));
    } catch {
      throw new ConsoleError({ code: 'blob_missing', message: `the staged bytes of "${u.name}" are no longer in this console's cache; stage the file again` });
    }
    const res = await reach(this.opts.fetch, serverUrl, url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
      signal: AbortSignal.timeout(10 * 60_000),
    });
    if (res.status !== 201 && res.status !== 200) throw await refusalOf(res, `uploading "${u.name}"`);
    const body = (await res.json()) as { id?: unknown };
    if (typeof body.id !== 'number') throw new ConsoleError({ code: 'bad_response', message: `uploading "${u.name}": the server's answer has no id` });
    return body.id;
  }
}
