/**
 * The upload queue in the cache (migration 003): staging, the sender's bookkeeping, and the
 * list the renderer shows. A reply's attachment (a row with a clientRef) is shown by where its
 * message is: a draft while the reply is unsent, waiting while the reply travels, refused with
 * the reply's reason; it goes out once the server's copy of the message (same clientRef) is
 * cached, since the server's attachment needs the message's server id.
 */
import { randomBytes } from 'node:crypto';
import type { UploadItem, UploadTarget } from '../../shared/console/fileSchemas';
import type { MutationError } from '../../shared/sync/protocol';
import type { CacheReader, CacheWriter } from '../cache/cacheDatabase';

export interface QueuedUpload {
  id: number;
  name: string;
  size: number;
  sha256: string;
  targetKind: 'ticket' | 'folder';
  ticketId: number | null;
  clientRef: string | null;
  folderId: number | null;
  note: string;
  published: number;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  /** Sent with every attempt: the server answers a repeat of a stored upload with its row. */
  uploadKey: string;
  attempts: number;
  nextAttemptAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  serverId: number | null;
  createdAt: number;
}

const columns = `id, name, size, sha256, target_kind AS targetKind, ticket_id AS ticketId, client_ref AS clientRef, folder_id AS folderId, note,
  published, state, upload_key AS uploadKey, attempts, next_attempt_at AS nextAttemptAt, error_code AS errorCode, error_message AS errorMessage,
  server_id AS serverId, created_at AS createdAt`;

export function enqueueUpload(w: CacheWriter, u: { name: string; size: number; sha256: string; target: UploadTarget; now: number }): number {
  const t = u.target;
  const row = w
    .statement(
      `INSERT INTO upload_queue (name, size, sha256, target_kind, ticket_id, client_ref, folder_id, note, published, state, upload_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id`,
    )
    .get(
      u.name, u.size, u.sha256, t.kind,
      t.kind === 'ticket' ? t.ticketId : null, t.kind === 'ticket' ? (t.clientRef ?? null) : null,
      t.kind === 'folder' ? t.folderId : null, t.kind === 'folder' ? t.note : '', t.kind === 'folder' ? Number(t.published) : 1,
      randomBytes(16).toString('hex'), u.now,
    ) as { id: number };
  return row.id;
}

export function readUpload(h: CacheReader | CacheWriter, id: number): QueuedUpload | null {
  return (h.statement(`SELECT ${columns} FROM upload_queue WHERE id = ?`).get(id) as QueuedUpload | undefined) ?? null;
}

/** Rows to try now: queued, and past their backoff unless `ignoreBackoff` (the server just came back). */
export function dueUploads(h: CacheReader | CacheWriter, now: number, ignoreBackoff: boolean): QueuedUpload[] {
  return h
    .statement(`SELECT ${columns} FROM upload_queue WHERE state = 'queued' AND (? OR next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id`)
    .all(ignoreBackoff ? 1 : 0, now) as QueuedUpload[];
}

/** When the next backed-off attempt is due, if any. */
export function nextAttemptAt(h: CacheReader | CacheWriter): number | null {
  return (h.statement(`SELECT min(next_attempt_at) AS at FROM upload_queue WHERE state = 'queued' AND next_attempt_at IS NOT NULL`).get() as { at: number | null }).at;
}

/** Where a reply's attachment stands: its message on the server, the reply still travelling or refused, or not sent at all. */
export type ReplyState = { kind: 'delivered'; messageId: number; ticketId: number } | { kind: 'travelling' } | { kind: 'refused'; reason: string } | { kind: 'unsent' };

export function replyState(h: CacheReader | CacheWriter, clientRef: string): ReplyState {
  const m = h.statement('SELECT id, ticket_id AS ticketId FROM messages WHERE client_ref = ? AND id > 0').get(clientRef) as { id: number; ticketId: number } | undefined;
  if (m) return { kind: 'delivered', messageId: m.id, ticketId: m.ticketId };
  const mutation = h
    .statement(`SELECT state, error FROM outbox WHERE name IN ('ticket.reply', 'ticket.note') AND json_extract(args, '$.clientRef') = ? ORDER BY state = 'rejected' LIMIT 1`)
    .get(clientRef) as { state: string; error: string | null } | undefined;
  if (!mutation) return { kind: 'unsent' };
  if (mutation.state !== 'rejected') return { kind: 'travelling' };
  const error = mutation.error ? (JSON.parse(mutation.error) as MutationError).message : 'refused';
  return { kind: 'refused', reason: error };
}

export function markSending(w: CacheWriter, id: number): void {
  w.statement(`UPDATE upload_queue SET state = 'sending', attempts = attempts + 1 WHERE id = ?`).run(id);
}

export function markSent(w: CacheWriter, id: number, serverId: number, now: number): void {
  w.statement(`UPDATE upload_queue SET state = 'sent', server_id = ?, sent_at = ?, error_code = NULL, error_message = NULL, next_attempt_at = NULL WHERE id = ?`).run(serverId, now, id);
}

/** Back in the queue after a failure worth retrying, with the reason shown meanwhile. */
export function markRetry(w: CacheWriter, id: number, e: { code: string; message: string; at: number }): void {
  w.statement(`UPDATE upload_queue SET state = 'queued', error_code = ?, error_message = ?, next_attempt_at = ? WHERE id = ?`).run(e.code, e.message, e.at, id);
}

export function markFailed(w: CacheWriter, id: number, e: { code: string; message: string }): void {
  w.statement(`UPDATE upload_queue SET state = 'failed', error_code = ?, error_message = ?, next_attempt_at = NULL WHERE id = ?`).run(e.code, e.message, id);
}

/** A refused upload tried again from the start (the user fixed what was wrong, or the server changed). */
export function requeueUpload(w: CacheWriter, id: number): boolean {
  return w.statement(`UPDATE upload_queue SET state = 'queued', attempts = 0, next_attempt_at = NULL WHERE id = ? AND state = 'failed'`).run(id).changes === 1;
}

/** Removes an upload that is not on its way right now. */
export function discardUpload(w: CacheWriter, id: number): boolean {
  return w.statement(`DELETE FROM upload_queue WHERE id = ? AND state <> 'sending'`).run(id).changes === 1;
}

/** After a restart, an upload that was being sent may or may not have arrived: queue it (its key makes a repeat safe). */
export function recoverInterrupted(w: CacheWriter): void {
  w.statement(`UPDATE upload_queue SET state = 'queued' WHERE state = 'sending'`).run();
}

function targetOf(u: QueuedUpload): UploadTarget {
  if (u.targetKind === 'folder') return { kind: 'folder', folderId: u.folderId!, note: u.note, published: u.published === 1 };
  return { kind: 'ticket', ticketId: u.ticketId!, ...(u.clientRef ? { clientRef: u.clientRef } : {}) };
}

/** The queue as the renderer shows it (one ticket's, when asked), oldest first. */
export function listUploads(r: CacheReader, filter: { ticketId?: number }): UploadItem[] {
  const rows = (
    filter.ticketId === undefined
      ? r.statement(`SELECT ${columns} FROM upload_queue ORDER BY id`).all()
      : r.statement(`SELECT ${columns} FROM upload_queue WHERE ticket_id = ? ORDER BY id`).all(filter.ticketId)
  ) as QueuedUpload[];
  return rows.map((u) => {
    let state: UploadItem['state'] = u.state;
    let error = u.errorCode ? { code: u.errorCode, message: u.errorMessage ?? '' } : null;
    if (u.state === 'queued' && u.clientRef) {
      const reply = replyState(r, u.clientRef);
      if (reply.kind === 'unsent') state = 'draft';
      else if (reply.kind === 'travelling') state = 'waitingForReply';
      else if (reply.kind === 'refused') {
        state = 'failed';
        error = { code: 'reply_refused', message: `the message it belongs to was refused: ${reply.reason}` };
      }
    }
    return { id: u.id, name: u.name, size: u.size, sha256: u.sha256, target: targetOf(u), state, attempts: u.attempts, nextAttemptAt: u.nextAttemptAt, error, serverId: u.serverId, createdAt: u.createdAt };
  });
}
