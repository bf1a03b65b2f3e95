import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CacheTooNewError, openCache } from '../../src/main/cache/cacheDatabase';
import { entityTables } from '../../src/main/cache/entityTables';
import { latestSchemaVersion, migrations } from '../../src/main/cache/migrations';
import { readSyncState } from '../../src/main/cache/syncState';
import { entityDefs } from '../../src/server/sync/entities';
import { tempCachePath } from './support/fixtures';

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

  it('stores each field of the shared row schema in a column of the type its kind needs', () => {
    const cache = openCache(tempCachePath());
    const storedAs = { integer: 'INTEGER', boolean: 'INTEGER', real: 'REAL', text: 'TEXT', json: 'TEXT' } as const;
    for (const t of Object.values(entityTables)) {
      const types = new Map((cache.reader.db.prepare(`PRAGMA table_info(${t.table})`).all() as Array<{ name: string; type: string }>).map((c) => [c.name, c.type]));
      for (const c of t.columns) expect(types.get(c.column), `${t.table}.${c.column} (${c.kind})`).toBe(storedAs[c.kind]);
    }
    cache.close();
  });

  it('reads through a read-only connection that cannot write', () => {
    const cache = openCache(tempCachePath());
    expect(() => cache.reader.db.prepare('DELETE FROM outbox').run()).toThrow(/readonly/i);
    expect('transaction' in cache.reader).toBe(false);
    cache.close();
  });
});
