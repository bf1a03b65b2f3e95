/**
 * Several domain writes in one transaction, each in a savepoint of its own (a push of many
 * mutations): a write that throws is rolled back alone and the batch goes on. At commit all
 * their changes reach the log in the order they were made, under one sync_counter lock and
 * with one NOTIFY; the lock is taken at the end only, so a long batch never holds up the
 * other writers' appends.
 *
 * A change is read when its rows are certain to be the right ones. "Row N was upserted"
 * (`ChangeWriter.changed`) is read at commit: the row then carries its final state, which is
 * what every upsert of it in the batch should show anyway, so only its last one is kept.
 * Everything else (rows chosen by a condition, deletes, changes to other scopes) is read at
 * the end of its write, before a later write can move the rows it chose or delete them, into
 * a temporary staging table that the rollback of the write's savepoint empties with the rest.
 */
import { savepoint, type Database, type Queryable } from '../db/database';
import type { SyncEntity } from '../../shared/sync/protocol';
import { appendToLog, ChangeWriter, pendingRows, type ChangeStage, type PendingChange } from './changeLog';
import { entityDefs } from './entities';

const staging = 'sb_staged_changes';

interface Upserted {
  ord: number;
  entity: SyncEntity;
  id: number;
  at: number;
}

export class ChangeBatch implements ChangeStage {
  /** Order of the changes across the batch; a rolled-back write leaves a gap, which numbering at commit closes. */
  private nextOrd = 1;
  private upserted: Upserted[] = [];
  private staged = false;

  constructor(readonly tx: Queryable) {}

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.tx.query<T>(text, params);
  }

  /** Runs one write at time `now` in a savepoint: on a throw, its rows and changes are gone and the error rethrown. */
  step<T>(now: number, fn: (w: ChangeWriter) => Promise<T>): Promise<T> {
    const mark = this.upserted.length;
    return savepoint(this.tx, async () => {
      const w = new ChangeWriter(this.tx, now, this);
      const result = await fn(w);
      await w.flush();
      return result;
    }).catch((err: unknown) => {
      this.upserted.length = mark;
      throw err;
    });
  }

  async stage(tx: Queryable, pending: PendingChange[], now: number): Promise<void> {
    const first = this.nextOrd;
    this.nextOrd += pending.length;
    const read: PendingChange[] = [];
    const ords: number[] = [];
    pending.forEach((c, i) => {
      if (c.id !== undefined && c.op === 'upsert' && !c.scopes) this.upserted.push({ ord: first + i, entity: c.entity, id: c.id, at: now });
      else {
        read.push(c);
        ords.push(first + i);
      }
    });
    if (!read.length) return;
    const rows = pendingRows(read, 2, (i) => ords[i]!);
    await tx.query(
      `INSERT INTO ${staging} (ord, entity, entity_id, op, row_version, scopes, payload, at)
       SELECT p.part, p.entity, p.entity_id, p.op, p.row_version, p.scopes, p.payload, $1::bigint FROM (${rows.sql}) p`,
      [now, ...rows.params],
    );
    this.staged = true;
  }

  async open(): Promise<void> {
    // Private to this connection, and dropped at commit or rollback.
    await this.tx.exec(`CREATE TEMPORARY TABLE ${staging} (
      ord bigint NOT NULL, entity text NOT NULL, entity_id bigint NOT NULL, op text NOT NULL,
      row_version bigint NOT NULL, scopes text[] NOT NULL, payload jsonb, at bigint NOT NULL
    ) ON COMMIT DROP`);
  }

  /** Appends every change of the batch to the log in order; returns the newest seq, or null if none. */
  async flush(): Promise<number | null> {
    const upserted = lastOfEachRow(this.upserted);
    if (!upserted.length && !this.staged) return null;
    const params: unknown[] = [JSON.stringify(upserted)];
    const param = (v: unknown): string => `$${params.push(v)}`;
    const parts = [...new Set(upserted.map((u) => u.entity))].map((entity) => {
      const e = param(entity);
      const ids = param(upserted.filter((u) => u.entity === entity).map((u) => u.id));
      return `SELECT k.ord, ${e}::text AS entity, x.id::bigint AS entity_id, 'upsert' AS op, x.version::bigint AS row_version, x.__scopes AS scopes,
                     to_jsonb(x) - '__scopes' AS payload, k.at
                FROM (${entityDefs[entity].select} WHERE t.id = ANY(${ids}::bigint[])) x
                JOIN jsonb_to_recordset($1::jsonb) AS k(ord bigint, entity text, id bigint, at bigint) ON k.id = x.id AND k.entity = ${e}::text`;
    });
    if (this.staged) parts.push(`SELECT ord, entity, entity_id, op, row_version, scopes, payload, at FROM ${staging}`);
    return appendToLog(this.tx, {
      sql: (base) => `INSERT INTO changes (seq, entity, entity_id, op, row_version, scopes, payload, at)
                      SELECT ${base} + row_number() OVER (ORDER BY p.ord, p.entity_id), p.entity, p.entity_id, p.op, p.row_version, p.scopes, p.payload, p.at
                        FROM (${parts.join('\nUNION ALL\n')}) p`,
      params,
    });
  }
}

/** Only the last upsert of each row: all of them would carry the same final state. */
function lastOfEachRow(upserted: Upserted[]): Upserted[] {
  const last = new Map<string, number>();
  upserted.forEach((u, i) => last.set(`${u.entity}:${u.id}`, i));
  return upserted.filter((u, i) => last.get(`${u.entity}:${u.id}`) === i);
}

/** Runs `fn` with a batch in one transaction; the batch's changes reach the log in its commit. */
export async function writeBatch<T>(db: Database, fn: (batch: ChangeBatch) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const batch = new ChangeBatch(tx);
    await batch.open();
    const result = await fn(batch);
    await batch.flush();
    return result;
  });
}
