/**
 * Domain writes go through a ChangeWriter: it runs in the write's transaction, collects which
 * rows changed, and just before commit appends them to `changes` with gap-free seqs taken
 * under the sync_counter row lock. Because that lock is held until commit, seqs follow commit
 * order: a reader that has seen seq N has seen every change up to N.
 */
import type { RawBuilder } from 'kysely';
import type { Database, Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import type { SyncEntity } from '../../shared/sync/protocol';
import { changedRowsSelect, entityDefs } from './entities';

export const changesChannel = 'sb_changes';

/** Child rows of a ticket: the entities that can be chosen by their ticket. */
type TicketChild = 'message' | 'attachment';
/** Which rows of an entity changed: by id, or (for a ticket's children) all of a ticket's. */
export type ChangedRows<E extends SyncEntity = SyncEntity> = { id: number } | { ids: number[] } | (E extends TicketChild ? { ticketId: number } : never);

export interface PendingChange {
  entity: SyncEntity;
  /** The changed rows. */
  rows: ChangedRows;
  op: 'upsert' | 'delete';
  /** Send to these scopes instead of the row's own (used when a ticket gains or loses scopes). */
  scopes?: string[];
  /** Set by `changed`: one row, upserted to its own scopes, whose state may be read any time later. */
  id?: number;
}

/** Where a write inside a batch hands its changes instead of appending them itself (changeBatch.ts). */
export interface ChangeStage {
  stage(tx: Queryable, pending: PendingChange[], now: number): Promise<void>;
}

export class ChangeWriter {
  private pending: PendingChange[] = [];
  constructor(
    readonly tx: Queryable,
    readonly now: number,
    private readonly batch?: ChangeStage,
  ) {}

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.tx.query<T>(text, params);
  }

  exec(script: string): Promise<void> {
    return this.tx.exec(script);
  }

  /** The row `id` of `entity` was inserted or updated. */
  changed(entity: SyncEntity, id: number): void {
    this.pending.push({ entity, rows: { id }, op: 'upsert', id });
  }

  /** Several rows changed (a ticket's messages), or one row changed for other scopes than its own, or was deleted. */
  changedWhere<E extends SyncEntity>(entity: E, rows: ChangedRows<E>, opts: { op?: 'upsert' | 'delete'; scopes?: string[] } = {}): void {
    if (opts.scopes && opts.scopes.length === 0) return;
    this.pending.push({ entity, rows, op: opts.op ?? 'upsert', scopes: opts.scopes });
  }

  /**
   * Appends the collected changes to the log; returns the newest seq, or null if none (or,
   * inside a batch, hands them to the batch, which appends them all at its commit).
   */
  async flush(): Promise<number | null> {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return null;
    if (this.batch) {
      await this.batch.stage(this.tx, pending, this.now);
      return null;
    }
    pending.push(...finalStatesOf(pending));
    return appendToLog(this.tx, (base) => sql`
      INSERT INTO changes (seq, entity, entity_id, op, row_version, scopes, payload, at)
      SELECT ${base} + row_number() OVER (ORDER BY p.part, p.entity_id), p.entity, p.entity_id, p.op, p.row_version, p.scopes, p.payload, ${this.now}::bigint
        FROM (${pendingRows(pending)}) p`);
  }
}

/**
 * The rows a write moved away from some scopes (a delete sent to the scopes they lost), to be
 * upserted once more, last, in their final state to their final scopes. A user who saw a row
 * through a scope it lost and through one it kept (an admin in every department, an engineer
 * in two) gets both the delete and the upserts; whichever came last would win, and a delete
 * last took the ticket and its conversation out of that user's cache for good. With the final
 * upsert last, every user ends where the row's last scopes put it.
 */
export function finalStatesOf(pending: PendingChange[]): PendingChange[] {
  const moved = new Map<string, PendingChange>();
  for (const c of pending) {
    if (c.op === 'delete' && c.scopes) moved.set(`${c.entity}:${JSON.stringify(c.rows)}`, { entity: c.entity, rows: c.rows, op: 'upsert' });
  }
  return [...moved.values()];
}

/** `rows` as a condition on the entity's row `t`. */
export function rowsWhere(rows: ChangedRows): RawBuilder<boolean> {
  if ('id' in rows) return sql`t.id = ${rows.id}`;
  if ('ids' in rows) return sql`t.id = ANY(${rows.ids}::bigint[])`;
  return sql`t.ticket_id = ${rows.ticketId}`;
}

/**
 * One SELECT of every pending change's rows, in the order they were noted (`part`, the
 * change's index unless `partOf` says otherwise, then id): one round trip however many
 * changes a write noted.
 */
export function pendingRows(pending: PendingChange[], partOf = (i: number) => i): RawBuilder<unknown> {
  const parts = pending.map((c, i) => sql`
    SELECT ${partOf(i)}::bigint AS part, ${c.entity}::text AS entity, x.id::bigint AS entity_id, ${c.op}::text AS op,
           x.version::bigint AS row_version, coalesce(${c.scopes ?? null}::text[], x.__scopes) AS scopes,
           ${c.op === 'upsert' ? entityDefs[c.entity].payload : sql`NULL::jsonb`} AS payload
      FROM (${changedRowsSelect(c.entity, rowsWhere(c.rows))}) x`);
  return sql.join(parts, sql`\nUNION ALL\n`);
}

/**
 * Takes the next seqs under the sync_counter row lock (held until commit, so seqs follow
 * commit order), inserts into `changes` what `insert(base)` selects (it numbers its rows
 * from base + 1), moves the counter to the last seq and NOTIFYs it, in one more statement.
 * Returns the newest seq.
 */
export async function appendToLog(tx: Queryable, insert: (base: RawBuilder<number>) => RawBuilder<unknown>): Promise<number> {
  const qb = queryBuilder(tx);
  const counter = await qb.selectFrom('syncCounter').select('seq').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const base = sql<number>`${counter.seq}::bigint`;
  const { rows } = await sql<{ seq: number }>`
    WITH appended AS (${insert(base)} RETURNING seq)
    UPDATE sync_counter SET seq = coalesce((SELECT max(seq) FROM appended), ${base}) WHERE id = 1
    RETURNING seq, pg_notify(${changesChannel}, seq::text)`.execute(qb);
  return rows[0]!.seq;
}

/** Runs a domain write in one transaction whose changes reach the log in the same commit. */
export async function write<T>(db: Database, now: number, fn: (w: ChangeWriter) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const w = new ChangeWriter(tx, now);
    const result = await fn(w);
    await w.flush();
    return result;
  });
}

export async function headSeq(db: Queryable): Promise<number> {
  const row = await queryBuilder(db).selectFrom('syncCounter').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.seq;
}
