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

interface PendingChange {
  entity: SyncEntity;
  /** SQL condition on `t` (the entity's row) selecting the changed rows, and its params. */
  where: string;
  params: unknown[];
  op: 'upsert' | 'delete';
  /** Send to these scopes instead of the row's own (used when a ticket gains or loses scopes). */
  scopes?: string[];
}

export class ChangeWriter {
  private pending: PendingChange[] = [];
  constructor(
    readonly tx: Queryable,
    readonly now: number,
  ) {}

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.tx.query<T>(text, params);
  }

  exec(script: string): Promise<void> {
    return this.tx.exec(script);
  }

  /** The row `id` of `entity` was inserted or updated. */
  changed(entity: SyncEntity, id: number): void {
    this.pending.push({ entity, where: 't.id = $1', params: [id], op: 'upsert' });
  }

  /** Several rows changed, selected by a condition on `t`; params are numbered from $1. */
  changedWhere(entity: SyncEntity, where: string, params: unknown[], opts: { op?: 'upsert' | 'delete'; scopes?: string[] } = {}): void {
    if (opts.scopes && opts.scopes.length === 0) return;
    this.pending.push({ entity, where, params, op: opts.op ?? 'upsert', scopes: opts.scopes });
  }

  /** Appends the collected changes to the log; returns the newest seq, or null if none. */
  async flush(): Promise<number | null> {
    if (this.pending.length === 0) return null;
    const [counter] = await this.tx.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1 FOR UPDATE');
    let seq = counter!.seq;
    for (const c of this.pending) {
      const n = c.params.length;
      const rows = await this.tx.query<{ seq: number }>(
        `INSERT INTO changes (seq, entity, entity_id, op, row_version, scopes, payload, at)
         SELECT $${n + 1}::bigint + row_number() OVER (ORDER BY x.id), $${n + 2}, x.id, $${n + 3}, x.version,
                coalesce($${n + 4}::text[], x.__scopes),
                CASE WHEN $${n + 3} = 'upsert' THEN to_jsonb(x) - '__scopes' END, $${n + 5}
           FROM (${entityDefs[c.entity].select} WHERE ${c.where}) x
         RETURNING seq`,
        [...c.params, seq, c.entity, c.op, c.scopes ?? null, this.now],
      );
      seq += rows.length;
    }
    await this.tx.query('UPDATE sync_counter SET seq = $1 WHERE id = 1', [seq]);
    await this.tx.query('SELECT pg_notify($1, $2)', [changesChannel, String(seq)]);
    this.pending = [];
    return seq;
  }
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
