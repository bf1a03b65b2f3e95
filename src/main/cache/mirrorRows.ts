/**
 * Writing server rows into the mirrored tables. An upsert only replaces a cached row with a
 * copy at least as new (row versions only go up on the server), so replaying changes from an
 * older cursor or a bootstrap page newer than the first one cannot move a row backwards.
 */
import type { SyncEntity } from '../../shared/sync/protocol';
import type { CacheReader, CacheWriter } from './cacheDatabase';
import { cacheRowToPayload, columnList, entityTables, payloadToCells, type EntityTable } from './entityTables';

function upsertSql(t: EntityTable, guarded: boolean): string {
  const cols = columnList(t);
  const params = t.columns.map(() => '?').join(', ');
  const sets = t.columns
    .filter((c) => c.column !== 'id')
    .map((c) => `${c.column} = excluded.${c.column}`)
    .join(', ');
  const guard = guarded ? ` WHERE excluded.version >= ${t.table}.version` : '';
  return `INSERT INTO ${t.table} (${cols}) VALUES (${params}) ON CONFLICT (id) DO UPDATE SET ${sets}${guard}`;
}

// SQL texts built once: statements are looked up by text for every row written.
const sqlOf = Object.fromEntries(
  Object.values(entityTables).map((t) => [
    t.entity,
    {
      guardedUpsert: upsertSql(t, true),
      forcedUpsert: upsertSql(t, false),
      delete: `DELETE FROM ${t.table} WHERE id = ?`,
      select: `SELECT ${columnList(t)} FROM ${t.table} WHERE id = ?`,
      // Its own text, so the cached statement can be switched to arrays without touching `select`.
      selectCells: `SELECT ${columnList(t)} FROM ${t.table} WHERE id = ? -- cells`,
    },
  ]),
) as Record<SyncEntity, { guardedUpsert: string; forcedUpsert: string; delete: string; select: string; selectCells: string }>;

/** Inserts or updates a server row unless the cache holds a newer version. */
export function upsertServerRow(w: CacheWriter, entity: SyncEntity, payload: Record<string, unknown>): void {
  upsertServerCells(w, entity, payloadToCells(entityTables[entity], payload));
}

/** The same for a row already in the table's column order (`wireArrayToCells`). */
export function upsertServerCells(w: CacheWriter, entity: SyncEntity, cells: ReadonlyArray<number | string | null>): void {
  w.statement(sqlOf[entity].guardedUpsert).run(cells);
}

/**
 * Writes a row as given, whatever the cached version (restoring a server copy, writing an
 * optimistic effect). An existing row gets only its changed columns set: an upsert setting
 * every column rewrites the row's entry in every index (nine on tickets), which was most of
 * a local action's write.
 */
export function forceRow(w: CacheWriter, entity: SyncEntity, payload: Record<string, unknown>): void {
  const t = entityTables[entity];
  const cells = payloadToCells(t, payload);
  const current = w.statement(sqlOf[entity].selectCells).raw(true).get(cells[0]) as unknown[] | undefined;
  if (!current) {
    w.statement(sqlOf[entity].forcedUpsert).run(cells);
    return;
  }
  const changed = t.columns.flatMap((_, i) => (i > 0 && current[i] !== cells[i] ? [i] : []));
  if (!changed.length) return;
  const sets = changed.map((i) => `${t.columns[i]!.column} = ?`).join(', ');
  w.statement(`UPDATE ${t.table} SET ${sets} WHERE id = ?`).run(...changed.map((i) => cells[i]), cells[0]);
}

export function deleteRow(w: CacheWriter, entity: SyncEntity, id: number): void {
  w.statement(sqlOf[entity].delete).run(id);
}

/** One cached row in wire shape, or null. */
export function readRow(h: CacheReader | CacheWriter, entity: SyncEntity, id: number): Record<string, unknown> | null {
  const row = h.statement(sqlOf[entity].select).get(id) as Record<string, unknown> | undefined;
  return row ? cacheRowToPayload(entityTables[entity], row) : null;
}

/** Every mirrored table emptied (before a fresh bootstrap). The outbox is not touched. */
export function clearMirroredRows(w: CacheWriter): void {
  for (const t of Object.values(entityTables)) w.db.exec(`DELETE FROM ${t.table}`);
  w.db.exec('DELETE FROM pending_effects');
}
