/**
 * Domain writes go through a ChangeWriter: it runs in the write's transaction, collects which
 * rows changed, and just before commit appends them to `changes` with gap-free seqs taken
 * under the sync_counter row lock. Because that lock is held until commit, seqs follow commit
 * order: a reader that has seen seq N has seen every change up to N.
 */
import type { Database, Queryable } from '../db/database';
import type { SyncEntity } from '../../shared/sync/protocol';
import { entityDefs } from './entities';

export const changesChannel = 'sb_changes';

export interface PendingChange {
  entity: SyncEntity;
  /** SQL condition on `t` (the entity's row) selecting the changed rows, and its params. */
  where: string;
  params: unknown[];
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
    this.pending.push({ entity, where: 't.id = $1', params: [id], op: 'upsert', id });
  }

  /** Several rows changed, selected by a condition on `t`; params are numbered from $1. */
  changedWhere(entity: SyncEntity, where: string, params: unknown[], opts: { op?: 'upsert' | 'delete'; scopes?: string[] } = {}): void {
    if (opts.scopes && opts.scopes.length === 0) return;
    this.pending.push({ entity, where, params, op: opts.op ?? 'upsert', scopes: opts.scopes });
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
    const rows = pendingRows(pending, 2);
    return appendToLog(this.tx, {
      sql: (base) => `INSERT INTO changes (seq, entity, entity_id, op, row_version, scopes, payload, at)
                      SELECT ${base} + row_number() OVER (ORDER BY p.part, p.entity_id), p.entity, p.entity_id, p.op, p.row_version, p.scopes, p.payload, $1::bigint
                        FROM (${rows.sql}) p`,
      params: [this.now, ...rows.params],
    });
  }
}

/**
 * One SELECT of every pending change's rows, in the order they were noted (`part`, the
 * change's index unless `partOf` says otherwise, then id), with each change's own params
 * renumbered from `$first`: one round trip however many changes a write noted.
 */
export function pendingRows(pending: PendingChange[], first: number, partOf = (i: number) => i): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (v: unknown): string => `$${first - 1 + params.push(v)}`;
  const parts = pending.map((c, i) => {
    const part = partOf(i);
    const offset = first - 1 + params.length;
    params.push(...c.params);
    const where = c.where.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    const op = param(c.op);
    return `SELECT ${part}::bigint AS part, ${param(c.entity)}::text AS entity, x.id::bigint AS entity_id, ${op}::text AS op,
                   x.version::bigint AS row_version, coalesce(${param(c.scopes ?? null)}::text[], x.__scopes) AS scopes,
                   CASE WHEN ${op}::text = 'upsert' THEN to_jsonb(x) - '__scopes' END AS payload
              FROM (${entityDefs[c.entity].select} WHERE ${where}) x`;
  });
  return { sql: parts.join('\nUNION ALL\n'), params };
}

/**
 * Takes the next seqs under the sync_counter row lock (held until commit, so seqs follow
 * commit order), inserts into `changes` what `insert.sql(base)` selects (it numbers its rows
 * from base + 1), moves the counter to the last seq and NOTIFYs it, in one more statement.
 * Returns the newest seq.
 */
export async function appendToLog(tx: Queryable, insert: { sql: (base: string) => string; params: unknown[] }): Promise<number> {
  const [counter] = await tx.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1 FOR UPDATE');
  const n = insert.params.length;
  const base = `$${n + 1}::bigint`;
  const [row] = await tx.query<{ seq: number }>(
    `WITH appended AS (${insert.sql(base)} RETURNING seq)
     UPDATE sync_counter SET seq = coalesce((SELECT max(seq) FROM appended), ${base}) WHERE id = 1
     RETURNING seq, pg_notify($${n + 2}, seq::text)`,
    [...insert.params, counter!.seq, changesChannel],
  );
  return row!.seq;
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
  const [row] = await db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1');
  return row!.seq;
}
