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
}

/** Only enqueueMutation writes rows, so a row's name is one this build knows. */
interface OutboxRow {
  id: number;
  name: MutationName;
  args: string;
  state: OutboxState;
  error: string | null;
  createdAt: number;
}

const columns = 'id, name, args, state, error, created_at AS createdAt';
const toEntry = (r: OutboxRow): OutboxEntry => ({
  ...r,
  args: JSON.parse(r.args) as unknown,
  error: r.error ? (JSON.parse(r.error) as MutationError) : null,
});

/** Adds a mutation; returns its id. Run inside the transaction that writes its optimistic effect. */
export function enqueueMutation(w: CacheWriter, name: MutationName, args: unknown, now: number): number {
  const { id } = w.statement('UPDATE sync_state SET next_mutation_id = next_mutation_id + 1 WHERE id = 1 RETURNING next_mutation_id - 1 AS id').get() as { id: number };
  w.statement(`INSERT INTO outbox (id, name, args, state, created_at) VALUES (?, ?, ?, 'pending', ?)`).run(id, name, JSON.stringify(args), now);
  return id;
}

/** Mutations whose effects still show: not yet sent, sent, or acknowledged but not yet pulled. */
export function activeMutations(h: CacheReader | CacheWriter): OutboxEntry[] {
  return (h.statement(`SELECT ${columns} FROM outbox WHERE state <> 'rejected' ORDER BY id`).all() as OutboxRow[]).map(toEntry);
}

/** The next mutations to push, in id order. */
export function unacknowledgedMutations(h: CacheReader | CacheWriter, limit: number): OutboxEntry[] {
  return (h.statement(`SELECT ${columns} FROM outbox WHERE state IN ('pending', 'sent') ORDER BY id LIMIT ?`).all(limit) as OutboxRow[]).map(toEntry);
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
  const rows = w.statement(`SELECT id, name, args, state, error, created_at AS createdAt FROM outbox ORDER BY id`).all() as OutboxRow[];
  w.statement('DELETE FROM outbox').run();
  const insert = w.statement('INSERT INTO outbox (id, name, args, state, error, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  let next = 1;
  let refused = -1;
  for (const r of rows) {
    if (r.state === 'applied') continue;
    const id = r.state === 'rejected' ? refused-- : next++;
    insert.run(id, r.name, r.args, r.state === 'sent' ? 'pending' : r.state, r.error, r.createdAt);
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
