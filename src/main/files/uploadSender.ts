/**
 * Sends the upload queue while the server is reachable: in order, one at a time, each as raw
 * bytes to its route (a ticket attachment, with the message's server id for a reply's file;
 * or admin publishing into a folder). Offline it waits for the connection to come back; a
 * transient failure retries with exponential backoff; a refusal stays in the queue with the
 * server's reason. An attempt that may have reached the server unanswered is checked against
 * the synced rows before sending again, so a file goes out once.
 */
import { readFile } from 'node:fs/promises';
import { exponentialBackoff, type Backoff } from '../../shared/async/backoff';
import { CoalescingTask } from '../../shared/async/coalescingTask';
import type { Cache } from '../cache/cacheDatabase';
import { ConsoleError } from '../console/consoleErrors';
import type { FetchImpl } from '../console/staffApi';
import type { BlobCache } from './blobCache';
import { isTransient, mayHaveArrived, reach, refusalOf } from './transferErrors';
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
  /** Brings the server's rows in (after a send, and before deciding an uncertain one). */
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
    const retryAt = () => this.opts.now() + exponentialBackoff(u.attempts, this.opts.backoff ?? defaultBackoff);
    if (u.uncertain) {
      // An earlier attempt may have been stored unanswered: look in fresh rows before sending
      // again. Without fresh rows (the pull failed) sending again could store it twice: wait.
      const earlier = await this.earlierAttempt(u, ticketId, messageId);
      if (earlier === 'stored') return;
      if (earlier === 'unknown') {
        // Counted as an attempt, so the checks back off further each time.
        markRetry(w, u.id, { code: 'server_unreachable', message: `"${u.name}": could not check whether an earlier attempt arrived; trying again`, uncertain: true, at: retryAt(), counted: true });
        this.opts.changed();
        return;
      }
    }
    markSending(w, u.id);
    this.opts.changed();
    try {
      const serverId = await this.post(u, ticketId, messageId);
      markSent(w, u.id, serverId, this.opts.now());
      void this.opts.pull().catch(() => undefined);
    } catch (err) {
      const body = err instanceof ConsoleError ? err.body : { code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
      if (isTransient(err)) {
        // No answer, or a 5xx (a proxy's 502 can hide a stored upload): the bytes may have
        // arrived. A 401 or 429 is the server saying it did not take them.
        markRetry(w, u.id, { ...body, uncertain: mayHaveArrived(err), at: retryAt() });
      } else if (!u.uncertain) markFailed(w, u.id, body);
      else {
        // A refusal of a repeat (the ticket closed since, say) while the first attempt did
        // arrive is not a refusal of the file: fresh rows decide, and without them it waits.
        const earlier = await this.earlierAttempt(u, ticketId, messageId);
        if (earlier === 'unknown') markRetry(w, u.id, { ...body, uncertain: true, at: retryAt(), counted: true });
        else if (earlier === 'absent') markFailed(w, u.id, body);
      }
    }
    this.opts.changed();
  }

  /**
   * Whether an earlier attempt stored the upload, in rows pulled now: `stored` (marked sent
   * here), `absent`, or `unknown` when the pull failed and only stale rows say no.
   */
  private async earlierAttempt(u: QueuedUpload, ticketId: number | null, messageId: number | null): Promise<'stored' | 'absent' | 'unknown'> {
    const fresh = await this.opts.pull().then(() => true, () => false);
    const found = this.serverCopy(u, ticketId, messageId);
    if (found !== null) {
      markSent(this.opts.cache.writer, u.id, found, this.opts.now());
      this.opts.changed();
      return 'stored';
    }
    return fresh ? 'absent' : 'unknown';
  }

  /** The server's row for this upload, if an earlier attempt did store it. */
  private serverCopy(u: QueuedUpload, ticketId: number | null, messageId: number | null): number | null {
    const r = this.opts.cache.reader;
    const claimed = `id NOT IN (SELECT server_id FROM upload_queue WHERE target_kind = ? AND server_id IS NOT NULL)`;
    const row =
      u.targetKind === 'folder'
        ? r.statement(`SELECT id FROM files WHERE folder_id = ? AND name = ? AND sha256 = ? AND ${claimed}`).get(u.folderId, u.name, u.sha256, 'folder')
        : r
            .statement(`SELECT id FROM attachments WHERE ticket_id = ? AND file_name = ? AND sha256 = ? AND uploaded_by = ? AND message_id IS ? AND ${claimed} ORDER BY id LIMIT 1`)
            .get(ticketId, u.name, u.sha256, this.opts.userId, messageId, 'ticket');
    return (row as { id: number } | undefined)?.id ?? null;
  }

  private async post(u: QueuedUpload, ticketId: number | null, messageId: number | null): Promise<number> {
    const { serverUrl, token } = this.opts;
    const query = new URLSearchParams({ name: u.name });
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
