/**
 * The outbox of local mutations waiting for the server (SYNC.md). Ids come from
 * sync_state.next_mutation_id, so they go up by one per client and are never reused; a row
 * stays until the server's lastMutationId covers it, so a lost push response only causes a
 * resend that the server recognises.
 */
import type { MutationError, MutationName } from '../../shared/sync/protocol';
import type { CacheReader, CacheWriter } from './cacheDatabase';

export type OutboxState = 'pending' | 'sent' | 'applied' | 'rejected';

export interface OutboxEntry {
  id: number;
  name: MutationName;
  args: unknown;
  state: OutboxState;
  error: MutationError | null;
  createdAt: number;
  /** Not pushed before this time (the undo window), or null: push at once. */
  holdUntil: number | null;
  /** Cancels the mutation while it is held (outbox.undo); null for one that cannot be undone. */
  undoKey: string | null;
}

/** Only enqueueMutation writes rows, so a row's name is one this build knows. */
interface OutboxRow {
  id: number;
  name: MutationName;
  args: string;
  state: OutboxState;
  error: string | null;
  createdAt: number;
  holdUntil: number | null;
  undoKey: string | null;
}

const columns = 'id, name, args, state, error, created_at AS createdAt, hold_until AS holdUntil, undo_key AS undoKey';
const toEntry = (r: OutboxRow): OutboxEntry => ({
  ...r,
  args: JSON.parse(r.args) as unknown,
  error: r.error ? (JSON.parse(r.error) as MutationError) : null,
});

/** An undo window: held until `until`, cancelled by `key`. */
export interface OutboxHold {
  until: number;
  key: string;
}

/** Adds a mutation; returns its id. Run inside the transaction that writes its optimistic effect. */
export function enqueueMutation(w: CacheWriter, name: MutationName, args: unknown, now: number, hold: OutboxHold | null = null): number {
  const { id } = w.statement('UPDATE sync_state SET next_mutation_id = next_mutation_id + 1 WHERE id = 1 RETURNING next_mutation_id - 1 AS id').get() as { id: number };
  w.statement(`INSERT INTO outbox (id, name, args, state, created_at, hold_until, undo_key) VALUES (?, ?, ?, 'pending', ?, ?, ?)`).run(
    id, name, JSON.stringify(args), now, hold?.until ?? null, hold?.key ?? null,
  );
  return id;
}

/**
 * Cancels a held mutation the server has never seen (still pending); returns it, or null when
 * there is none by that key any more (sent, or already cancelled). Mutation ids must reach the
 * server without a gap, so the ones queued after it (held behind it, so never sent either) move
 * down by one and the next id is given again. The caller rebases to drop its effect.
 */
export function cancelHeldMutation(w: CacheWriter, undoKey: string): OutboxEntry | null {
  const row = w.statement(`SELECT ${columns} FROM outbox WHERE undo_key = ? AND state = 'pending'`).get(undoKey) as OutboxRow | undefined;
  if (!row) return null;
  const later = w.statement(`SELECT 1 FROM outbox WHERE id > ? AND state <> 'pending' LIMIT 1`).get(row.id);
  if (later) return null;
  w.statement('DELETE FROM outbox WHERE id = ?').run(row.id);
  // Through a far offset, so no step of the move collides with a row not moved yet.
  w.statement('UPDATE outbox SET id = id + 1000000000000 WHERE id > ?').run(row.id);
  w.statement('UPDATE outbox SET id = id - 1000000000001 WHERE id > 1000000000000').run();
  w.statement('UPDATE sync_state SET next_mutation_id = next_mutation_id - 1 WHERE id = 1').run();
  return toEntry(row);
}

/** The soonest end of an undo window still running, or null. */
export function nextHoldEnd(h: CacheReader | CacheWriter, now: number): number | null {
  const r = h.statement(`SELECT min(hold_until) AS until FROM outbox WHERE state = 'pending' AND hold_until > ?`).get(now) as { until: number | null };
  return r.until;
}

/** Mutations whose effects still show: not yet sent, sent, or acknowledged but not yet pulled. */
export function activeMutations(h: CacheReader | CacheWriter): OutboxEntry[] {
  return (h.statement(`SELECT ${columns} FROM outbox WHERE state <> 'rejected' ORDER BY id`).all() as OutboxRow[]).map(toEntry);
}

/**
 * The next mutations to push, in id order: those before the first one still in its undo
 * window, which holds back everything queued after it (the server applies them in id order).
 */
export function unacknowledgedMutations(h: CacheReader | CacheWriter, limit: number, now: number): OutboxEntry[] {
  return (
    h
      .statement(
        `SELECT ${columns} FROM outbox WHERE state IN ('pending', 'sent')
            AND id < coalesce((SELECT min(id) FROM outbox WHERE state = 'pending' AND hold_until > ?), 9007199254740991)
          ORDER BY id LIMIT ?`,
      )
      .all(now, limit) as OutboxRow[]
  ).map(toEntry);
}

export function rejectedMutations(h: CacheReader | CacheWriter): OutboxEntry[] {
  return (h.statement(`SELECT ${columns} FROM outbox WHERE state = 'rejected' ORDER BY id`).all() as OutboxRow[]).map(toEntry);
}

export function markSent(w: CacheWriter, ids: readonly number[]): void {
  const s = w.statement(`UPDATE outbox SET state = 'sent' WHERE id = ? AND state = 'pending'`);
  for (const id of ids) s.run(id);
}

export function markApplied(w: CacheWriter, id: number, pullGeneration: number): void {
  w.statement(`UPDATE outbox SET state = 'applied', acked_generation = ? WHERE id = ? AND state IN ('pending', 'sent')`).run(pullGeneration, id);
}

export function markRejected(w: CacheWriter, id: number, error: MutationError): void {
  w.statement(`UPDATE outbox SET state = 'rejected', error = ? WHERE id = ? AND state IN ('pending', 'sent')`).run(JSON.stringify(error), id);
}

/** Forgets acknowledged mutations whose effects a pull started after their ack has brought in. */
export function dropPulledMutations(w: CacheWriter, pullGeneration: number): number {
  return w.statement(`DELETE FROM outbox WHERE state = 'applied' AND acked_generation < ?`).run(pullGeneration).changes;
}

/** The user has read why a mutation was refused. */
export function dismissRejected(w: CacheWriter, id: number): void {
  w.statement(`DELETE FROM outbox WHERE id = ? AND state = 'rejected'`).run(id);
}

export interface OutboxCounts {
  /** Not yet acknowledged by the server (what the status bar shows). */
  waiting: number;
  rejected: number;
}

export function outboxCounts(h: CacheReader | CacheWriter): OutboxCounts {
  // Two searches of the state index, so the count stays cheap with thousands queued offline.
  const count = (sql: string) => (h.statement(sql).get() as { n: number }).n;
  return {
    waiting: count(`SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sent')`),
    rejected: count(`SELECT count(*) AS n FROM outbox WHERE state = 'rejected'`),
  };
}

/**
 * Starts numbering afresh under a new client id. Needed when the server has seen more ids for
 * this client than the cache ever issued (the cache file was restored from an older copy):
 * sending under the old id would have the server take new mutations for ones it already saw.
 * Acknowledged rows are dropped, and so are replies and notes the server already has (their
 * clientRef is on a cached server message: pull first); waiting ones are renumbered 1..n in
 * order, refused ones kept for the user under negative ids (never sent). The caller re-applies
 * effects (rebase).
 */
export function restartMutationIds(w: CacheWriter, clientId: string): void {
  markDeliveredMessages(w);
  const rows = w.statement(`SELECT ${columns} FROM outbox ORDER BY id`).all() as OutboxRow[];
  w.statement('DELETE FROM outbox').run();
  const insert = w.statement('INSERT INTO outbox (id, name, args, state, error, created_at, hold_until, undo_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let next = 1;
  let refused = -1;
  for (const r of rows) {
    if (r.state === 'applied') continue;
    const id = r.state === 'rejected' ? refused-- : next++;
    insert.run(id, r.name, r.args, r.state === 'sent' ? 'pending' : r.state, r.error, r.createdAt, r.holdUntil, r.undoKey);
  }
  w.statement('UPDATE sync_state SET client_id = ?, next_mutation_id = ? WHERE id = 1').run(clientId, next);
}

/** Waiting replies and notes whose message the server already has (same clientRef) become acknowledged. */
function markDeliveredMessages(w: CacheWriter): void {
  w.statement(
    `UPDATE outbox SET state = 'applied'
      WHERE state IN ('pending', 'sent') AND name IN ('ticket.reply', 'ticket.note')
        AND EXISTS (SELECT 1 FROM messages m WHERE m.client_ref = json_extract(outbox.args, '$.clientRef') AND m.id > 0)`,
  ).run();
}
