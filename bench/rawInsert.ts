/**
 * The physical anchor for bootstrap speed: plain better-sqlite3 inserts of the very rows the
 * bootstrap wrote, into the same schema (same tables and indexes, FTS off), in one
 * transaction. Rows are read from the bootstrapped cache in chunks outside the timed part.
 */
import { openCache, type Cache } from '../src/main/cache/cacheDatabase';
import { columnList, entityTables } from '../src/main/cache/entityTables';
import { dropFullTextTriggers } from '../src/main/cache/fullTextIndex';

const chunkRows = 50_000;

export function measureRawInsert(source: Cache, targetPath: string): { rows: number; ms: number } {
  const target = openCache(targetPath);
  dropFullTextTriggers(target.writer);
  const db = target.writer.db;
  let rows = 0;
  let ms = 0;
  const timed = (fn: () => void) => {
    const t0 = performance.now();
    fn();
    ms += performance.now() - t0;
  };
  timed(() => db.exec('BEGIN'));
  for (const t of Object.values(entityTables)) {
    const cols = columnList(t);
    const insert = db.prepare(`INSERT INTO ${t.table} (${cols}) VALUES (${t.columns.map(() => '?').join(', ')})`);
    const read = source.reader.db.prepare(`SELECT ${cols} FROM ${t.table} WHERE id > ? ORDER BY id LIMIT ${chunkRows}`).raw();
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const chunk = read.all(after) as unknown[][];
      if (!chunk.length) break;
      timed(() => {
        for (const r of chunk) insert.run(r);
      });
      rows += chunk.length;
      after = chunk.at(-1)![0] as number;
    }
  }
  timed(() => db.exec('COMMIT'));
  target.close();
  return { rows, ms };
}
