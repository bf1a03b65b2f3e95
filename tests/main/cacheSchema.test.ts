import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CacheTooNewError, openCache } from '../../src/main/cache/cacheDatabase';
import { entityTables, type ColumnKind } from '../../src/main/cache/entityTables';
import { latestSchemaVersion, migrations } from '../../src/main/cache/migrations';
import { readSyncState } from '../../src/main/cache/syncState';
import { entityDefs } from '../../src/server/sync/entities';
import { tempCachePath } from './support/fixtures';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

/** The stored columns of a table (generated ones left out), by name: name, type, NOT NULL, default, key. */
function bareColumns(db: Database.Database, table: string): Array<Omit<ColumnInfo, 'hidden'>> {
  return (db.prepare(`PRAGMA table_xinfo(${table})`).all() as Array<ColumnInfo & { cid: number }>)
    .filter((c) => c.hidden === 0)
    .map(({ name, type, notnull, dflt_value, pk }) => ({ name, type, notnull, dflt_value, pk }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const sqliteType: Record<ColumnKind, string> = { integer: 'INTEGER', real: 'REAL', text: 'TEXT', boolean: 'INTEGER', json: 'TEXT' };

describe('cache schema', () => {
  it('migrates a new file to the latest version and keeps one client id', () => {
    const file = tempCachePath();
    const cache = openCache(file);
    expect(cache.writer.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(cache.writer.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const { clientId } = readSyncState(cache.reader);
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    cache.close();
    const again = openCache(file);
    expect(readSyncState(again.reader).clientId).toBe(clientId);
    again.close();
  });

  it('upgrades a version-5 cache to the message index without token counts, with the server rows indexed and no pending one', () => {
    const file = tempCachePath();
    const raw = new Database(file);
    for (const m of migrations.filter((x) => x.version <= 5)) raw.exec(m.sql);
    raw.pragma('user_version = 5');
    const insert = raw.prepare(`INSERT INTO messages (id, ticket_id, author_user_id, kind, body, created_at, version) VALUES (?, 1, 1, 'staff', ?, 0, 1)`);
    insert.run(7, 'albatross sent');
    insert.run(-3, 'albatross pending');
    raw.close();
    const cache = openCache(file);
    const db = cache.writer.db;
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect((db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'message_fts'`).get() as { sql: string }).sql).toContain('columnsize=0');
    expect(db.prepare(`SELECT rowid FROM message_fts WHERE message_fts MATCH 'albatross'`).pluck().all()).toEqual([7]);
    db.prepare('DELETE FROM messages WHERE id = -3').run();
    expect(() => db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    cache.close();
  });

  it('refuses a cache written by a newer build, saying what to do', () => {
    const file = tempCachePath();
    openCache(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    expect(() => openCache(file)).toThrow(CacheTooNewError);
    expect(() => openCache(file)).toThrow(/only knows versions up to .*update the console/);
  });

  it('has a column for every field of every entity the server sends', () => {
    const cache = openCache(tempCachePath());
    for (const t of Object.values(entityTables)) {
      const columns = (cache.reader.db.prepare(`PRAGMA table_info(${t.table})`).all() as Array<{ name: string }>).map((c) => c.name);
      for (const c of t.columns) expect(columns, `${t.table}.${c.column}`).toContain(c.column);
      // Every field the server sends is mapped (the bootstrap test checks the values).
      const serverFields = entityDefs[t.entity].fields;
      for (const f of serverFields) expect(t.columns.map((c) => c.field), `${t.entity}.${f}`).toContain(f);
    }
    cache.close();
  });

  it('stores each mirrored entity in exactly the columns a fresh schema from entityTables would have: types, nullability and defaults too', () => {
    const cache = openCache(tempCachePath());
    // The fresh schema: one column per field of its kind, the id as key, only the version required, no defaults.
    const fresh = new Database(':memory:');
    for (const t of Object.values(entityTables)) {
      const columns = t.columns.map((c) => `${c.column} ${sqliteType[c.kind]}${c.column === 'id' ? ' PRIMARY KEY' : c.column === 'version' ? ' NOT NULL' : ''}`);
      fresh.exec(`CREATE TABLE ${t.table} (${columns.join(', ')})`);
      expect(bareColumns(cache.reader.db, t.table), t.table).toEqual(bareColumns(fresh, t.table));
    }
    fresh.close();
    cache.close();
  });

  it('gives a cache upgraded from any earlier version the columns of a new one', () => {
    const tables = (db: Database.Database) =>
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).map((name) => [name, bareColumns(db, name)]);
    const fresh = openCache(tempCachePath());
    const expected = tables(fresh.reader.db);
    fresh.close();
    for (const m of migrations.slice(0, -1)) {
      const file = tempCachePath();
      const raw = new Database(file);
      for (const step of migrations.filter((x) => x.version <= m.version)) raw.exec(step.sql);
      raw.pragma(`user_version = ${m.version}`);
      raw.close();
      const upgraded = openCache(file);
      expect(tables(upgraded.reader.db), `from version ${m.version}`).toEqual(expected);
      upgraded.close();
    }
  });

  it('reads through a read-only connection that cannot write', () => {
    const cache = openCache(tempCachePath());
    expect(() => cache.reader.db.prepare('DELETE FROM outbox').run()).toThrow(/readonly/i);
    expect('transaction' in cache.reader).toBe(false);
    cache.close();
  });
});
