/**
 * A bootstrap writes a million rows into empty tables. Keeping their secondary indexes
 * current row by row costs more than building each once at the end: rows arrive in id order,
 * so every index keyed otherwise (a message's ticket, a ticket's queue position) takes each
 * key at a random place, while CREATE INDEX sorts all keys first.
 *
 * The dropped indexes' definitions are kept in `sync_state` in the same transaction as the
 * drop, so a crash mid-bootstrap cannot lose them; the finishing step creates them again.
 * Queries while a bootstrap runs read the partly filled tables without these indexes.
 * A migration that changes an index of a mirrored table must also update a kept definition
 * of the same name, or the end of a bootstrap running across the upgrade recreates the old one.
 */
import type { CacheReader, CacheWriter } from './cacheDatabase';
import { entityTables } from './entityTables';
import { readSyncState, updateSyncState } from './syncState';

const mirroredTables = Object.values(entityTables).map((t) => t.table);

/** The secondary indexes the mirrored tables have now, by name (automatic ones have no SQL). */
export function mirroredSecondaryIndexes(h: CacheReader | CacheWriter): Array<{ name: string; sql: string }> {
  return h.db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${mirroredTables.map(() => '?').join(', ')}) ORDER BY name`)
    .all(...mirroredTables) as Array<{ name: string; sql: string }>;
}

/** Drops the mirrored tables' secondary indexes, keeping their definitions (inside the caller's transaction). */
export function deferSecondaryIndexes(w: CacheWriter): void {
  const present = mirroredSecondaryIndexes(w);
  if (!present.length) return;
  // A bootstrap started over while another had its indexes dropped keeps both lists.
  updateSyncState(w, { deferredIndexes: [...(readSyncState(w).deferredIndexes ?? []), ...present] });
  for (const ix of present) w.db.exec(`DROP INDEX ${ix.name}`);
}

/**
 * Creates the indexes a bootstrap dropped, in one transaction. CREATE INDEX sorts its keys in
 * memory up to the page cache's size, then through temporary files. For this the files go to
 * disk rather than to memory (the cache's usual temp_store) and the sort buffer is kept to
 * 8 MiB: sorting a large bootstrap's keys in memory leaves the console's process that much
 * larger afterwards, as the heap keeps the memory it grew into.
 */
export function createDeferredIndexes(w: CacheWriter): void {
  const deferred = readSyncState(w).deferredIndexes;
  if (!deferred) return;
  const cacheSize = w.db.pragma('cache_size', { simple: true }) as number;
  w.db.pragma('temp_store = FILE');
  w.db.pragma(`cache_size = ${-8 * 1024}`);
  try {
    w.transaction(() => {
      for (const ix of deferred) w.db.exec(ix.sql);
      updateSyncState(w, { deferredIndexes: null });
    });
  } finally {
    w.db.pragma(`cache_size = ${cacheSize}`);
    w.db.pragma('temp_store = MEMORY');
  }
}
