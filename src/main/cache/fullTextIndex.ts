/**
 * The FTS5 indexes over ticket subjects, message bodies and FAQ articles. They are external
 * content indexes kept current by triggers in normal operation. A bootstrap drops the
 * triggers, loads the rows, and rebuilds each index once at the end: indexing 1M messages in
 * one pass is much faster than a trigger per row, and a crash mid-bootstrap leaves the
 * triggers off until the resumed bootstrap rebuilds.
 */
import type { CacheWriter } from './cacheConnections';

export interface FullTextIndex {
  fts: string;
  table: string;
  columns: readonly string[];
  /**
   * Only rows from the server are indexed. A pending message (a negative local id, see
   * pendingRowId) is the one write on a local action's hot path that would touch the FTS
   * index, and its incremental segment merges made the slow tail of local actions; the
   * server's copy replaces it within a sync and is indexed then, off the hot path.
   */
  serverRowsOnly?: boolean;
  /** Built on a worker thread while a bootstrap streams in (see backgroundIndexBuild.ts). */
  buildDuringBootstrap?: boolean;
}

export const fullTextIndexes: readonly FullTextIndex[] = [
  { fts: 'ticket_fts', table: 'tickets', columns: ['subject'] },
  { fts: 'message_fts', table: 'messages', columns: ['body'], serverRowsOnly: true, buildDuringBootstrap: true },
  { fts: 'faq_fts', table: 'faq_articles', columns: ['title', 'body'] },
];

function triggerSql(ix: FullTextIndex): string {
  const cols = ix.columns.join(', ');
  const newValues = ix.columns.map((c) => `new.${c}`).join(', ');
  const oldValues = ix.columns.map((c) => `old.${c}`).join(', ');
  const changed = ix.columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  const insertNew = `INSERT INTO ${ix.fts} (rowid, ${cols}) VALUES (new.id, ${newValues});`;
  const deleteOld = `INSERT INTO ${ix.fts} (${ix.fts}, rowid, ${cols}) VALUES ('delete', old.id, ${oldValues});`;
  // An external-content index must never be told to delete a row it does not hold.
  const onlyNew = ix.serverRowsOnly ? 'WHEN new.id > 0' : '';
  const onlyOld = ix.serverRowsOnly ? 'WHEN old.id > 0' : '';
  const onlyChanged = ix.serverRowsOnly ? `WHEN new.id > 0 AND (${changed})` : `WHEN ${changed}`;
  // REPLACE never reaches these tables (it would skip delete triggers); writers use upserts.
  // Dropped first: a cache written by an older build gets the current definitions.
  return `
    DROP TRIGGER IF EXISTS ${ix.table}_fts_insert;
    DROP TRIGGER IF EXISTS ${ix.table}_fts_delete;
    DROP TRIGGER IF EXISTS ${ix.table}_fts_update;
    CREATE TRIGGER ${ix.table}_fts_insert AFTER INSERT ON ${ix.table} ${onlyNew} BEGIN ${insertNew} END;
    CREATE TRIGGER ${ix.table}_fts_delete AFTER DELETE ON ${ix.table} ${onlyOld} BEGIN ${deleteOld} END;
    CREATE TRIGGER ${ix.table}_fts_update AFTER UPDATE OF ${cols} ON ${ix.table} ${onlyChanged}
      BEGIN ${deleteOld} ${insertNew} END;`;
}

export function createFullTextTriggers(w: CacheWriter): void {
  for (const ix of fullTextIndexes) w.db.exec(triggerSql(ix));
}

export function dropFullTextTriggers(w: CacheWriter): void {
  for (const ix of fullTextIndexes) {
    for (const op of ['insert', 'delete', 'update']) w.db.exec(`DROP TRIGGER IF EXISTS ${ix.table}_fts_${op}`);
  }
}

/** Empties the indexes (with the triggers off, clearing the tables leaves them stale). */
export function clearFullTextIndexes(w: CacheWriter): void {
  for (const ix of fullTextIndexes) w.db.exec(`INSERT INTO ${ix.fts} (${ix.fts}) VALUES ('delete-all')`);
}

/**
 * Re-reads every row of the content tables into the indexes, then merges each index into one
 * segment. Without that, the rebuild leaves large segments that later small writes cascade
 * into: the local action that tips such a merge waits tens of milliseconds. The rebuild runs
 * with a 64 MB in-memory term table instead of FTS5's 1 MB, so it writes a few large segments
 * and the merge has little left to do; the default is restored for the small writes after.
 * An index of server rows only is refilled from those rows (FTS5's 'rebuild' would also take
 * in a pending row, which its delete trigger would then never take out).
 * `skip`: indexes already built (by a background build).
 */
export function rebuildFullTextIndexes(w: CacheWriter, skip: readonly string[] = []): void {
  for (const ix of fullTextIndexes) {
    if (skip.includes(ix.fts)) continue;
    const cols = ix.columns.join(', ');
    w.db.exec(`INSERT INTO ${ix.fts} (${ix.fts}, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
    if (ix.serverRowsOnly) {
      w.db.exec(`INSERT INTO ${ix.fts} (${ix.fts}) VALUES ('delete-all')`);
      w.db.exec(`INSERT INTO ${ix.fts} (rowid, ${cols}) SELECT id, ${cols} FROM ${ix.table} WHERE id > 0`);
    } else w.db.exec(`INSERT INTO ${ix.fts} (${ix.fts}) VALUES ('rebuild')`);
    w.db.exec(`INSERT INTO ${ix.fts} (${ix.fts}) VALUES ('optimize')`);
    w.db.exec(`INSERT INTO ${ix.fts} (${ix.fts}, rank) VALUES ('hashsize', ${1024 * 1024})`);
  }
}
