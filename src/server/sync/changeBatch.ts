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
import { queryBuilder, sql } from '../db/queryBuilder';
import type { SyncEntity } from '../../shared/sync/protocol';
import { appendToLog, ChangeWriter, finalStatesOf, pendingRows, rowsWhere, type ChangeStage, type PendingChange } from './changeLog';
import { changedRowsSelect, entityDefs } from './entities';

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
  /** Rows moved away from some scopes: upserted once more at commit, last, in their final state (finalStatesOf). */
  private moved: Array<{ change: PendingChange; at: number }> = [];
  private staged = false;

  constructor(readonly tx: Queryable) {}

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.tx.query<T>(text, params);
  }

  /** Runs one write at time `now` in a savepoint: on a throw, its rows and changes are gone and the error rethrown. */
  step<T>(now: number, fn: (w: ChangeWriter) => Promise<T>): Promise<T> {
    const mark = this.upserted.length;
    const movedMark = this.moved.length;
    return savepoint(this.tx, async () => {
      const w = new ChangeWriter(this.tx, now, this);
      const result = await fn(w);
      await w.flush();
      return result;
    }).catch((err: unknown) => {
      this.upserted.length = mark;
      this.moved.length = movedMark;
      throw err;
    });
  }

  async stage(tx: Queryable, pending: PendingChange[], now: number): Promise<void> {
    for (const change of finalStatesOf(pending)) this.moved.push({ change, at: now });
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
    await sql`
      INSERT INTO ${sql.table(staging)} (ord, entity, entity_id, op, row_version, scopes, payload, at)
      SELECT p.part, p.entity, p.entity_id, p.op, p.row_version, p.scopes, p.payload, ${now}::bigint FROM (${pendingRows(read, (i) => ords[i]!)}) p`.execute(queryBuilder(tx));
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
    const parts = [...new Set(upserted.map((u) => u.entity))].map((entity) => {
      // Which upsert of the batch each row's state stands for: its order and time.
      const mine = upserted.filter((u) => u.entity === entity).map(({ ord, id, at }) => ({ ord, id, at }));
      return sql`
        SELECT k.ord, ${entity}::text AS entity, x.id::bigint AS entity_id, 'upsert' AS op, x.version::bigint AS row_version, x.__scopes AS scopes,
               ${entityDefs[entity].payload} AS payload, k.at
          FROM (${changedRowsSelect(entity, rowsWhere({ ids: mine.map((u) => u.id) }))}) x
          JOIN jsonb_to_recordset(${JSON.stringify(mine)}::jsonb) AS k(ord bigint, id bigint, at bigint) ON k.id = x.id`;
    });
    if (this.staged) parts.push(sql`SELECT ord, entity, entity_id, op, row_version, scopes, payload, at FROM ${sql.table(staging)}`);
    // After everything else: the final state of each moved row, read now, to its own scopes.
    const moved = new Map(this.moved.map((m) => [`${m.change.entity}:${JSON.stringify(m.change.rows)}`, m]));
    [...moved.values()].forEach(({ change, at }, i) => {
      parts.push(sql`
        SELECT ${this.nextOrd + i}::bigint AS ord, ${change.entity}::text AS entity, x.id::bigint AS entity_id, 'upsert' AS op, x.version::bigint AS row_version,
               x.__scopes AS scopes, ${entityDefs[change.entity].payload} AS payload, ${at}::bigint AS at
          FROM (${changedRowsSelect(change.entity, rowsWhere(change.rows))}) x`);
    });
    return appendToLog(this.tx, (base) => sql`
      INSERT INTO changes (seq, entity, entity_id, op, row_version, scopes, payload, at)
      SELECT ${base} + row_number() OVER (ORDER BY p.ord, p.entity_id), p.entity, p.entity_id, p.op, p.row_version, p.scopes, p.payload, p.at
        FROM (${sql.join(parts, sql`\nUNION ALL\n`)}) p`);
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
