/**
 * Opening the console's local cache: one SQLite file in WAL mode with two connections. The
 * writer runs migrations and every write; the reader is opened read-only, so a query function
 * that takes a CacheReader cannot write even by mistake (SQLite refuses, and the types do not
 * offer `transaction`). WAL lets the reader see each committed write at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Cache, CacheReader, CacheWriter } from './cacheConnections';
import { createFullTextTriggers } from './fullTextIndex';
import { latestSchemaVersion, migrations } from './migrations';
import { WalCheckpointer } from './walCheckpointer';

type Connection = Database.Database;
type Statement = Database.Statement;

export type { Cache, CacheReader, CacheWriter } from './cacheConnections';

/**
 * A cache that a newer build of the console wrote (after a downgrade, or an old copy of the app
 * started by mistake). Migrating it backwards is impossible and writing to it could damage
 * its outbox of unsent actions, so it is refused before anything is written.
 */
export class CacheTooNewError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `This cache was written by a newer Switchboard (cache schema ${found}, but this version only knows versions up to ${known}): ` +
        `update the console to the current version to open it. The file was left untouched: ${path}`,
    );
    this.name = 'CacheTooNewError';
  }
}

/** Prepares each SQL text once per connection. */
class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Connection) {}
  get(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}


export interface OpenCacheOptions {
  /** SQLite page cache per connection, in MiB. */
  cacheMiB?: number;
  /** Checkpoint the WAL in a worker thread rather than inside commits (default true). */
  backgroundCheckpoints?: boolean;
}

function tune(db: Connection, cacheMiB: number): void {
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL never corrupts; a power cut can only lose the last commits, which sync repeats.
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${cacheMiB * 1024}`);
  db.pragma('busy_timeout = 5000');
  // A deleted row's bytes are overwritten with zeros, not left in free pages: what a scope
  // change or a sign-out removed (another department's tickets) is not readable from the file.
  db.pragma('secure_delete = ON');
}

function migrate(db: Connection, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latestSchemaVersion) throw new CacheTooNewError(path, current, latestSchemaVersion);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  db.prepare('INSERT INTO sync_state (id, client_id) VALUES (1, ?) ON CONFLICT (id) DO NOTHING').run(randomBytes(12).toString('base64url'));
}

/**
 * Refuses a cache from a newer build before opening it for writing: even setting WAL mode
 * writes to the file, so the version is read on a read-only connection first.
 */
function refuseNewerCache(path: string): void {
  if (!existsSync(path)) return;
  const probe = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const found = probe.pragma('user_version', { simple: true }) as number;
    if (found > latestSchemaVersion) throw new CacheTooNewError(path, found, latestSchemaVersion);
  } finally {
    probe.close();
  }
}

export function openCache(path: string, opts: OpenCacheOptions = {}): Cache {
  const cacheMiB = opts.cacheMiB ?? 32;
  refuseNewerCache(path);
  const writerDb = new Database(path);
  try {
    tune(writerDb, cacheMiB);
    migrate(writerDb, path);
  } catch (err) {
    writerDb.close();
    throw err;
  }
  const readerDb = new Database(path, { readonly: true });
  readerDb.pragma(`cache_size = -${cacheMiB * 1024}`);
  readerDb.pragma('busy_timeout = 5000');
  const checkpointer = opts.backgroundCheckpoints === false ? null : new WalCheckpointer(path);
  if (checkpointer) writerDb.pragma('wal_autocheckpoint = 0');
  const writeStatements = new Statements(writerDb);
  const readStatements = new Statements(readerDb);
  const writer: CacheWriter = {
    mode: 'write',
    db: writerDb,
    statement: (sql) => writeStatements.get(sql),
    transaction: (fn) => {
      const result = writerDb.transaction(fn)();
      if (!writerDb.inTransaction) checkpointer?.wrote();
      return result;
    },
  };
  const reader: CacheReader = { mode: 'read', db: readerDb, statement: (sql) => readStatements.get(sql) };
  // Triggers keep the full-text indexes current, except while a bootstrap (perhaps one cut
  // short by a crash) loads rows; it rebuilds the indexes and recreates them when it finishes.
  const phase = writerDb.prepare('SELECT bootstrap_phase AS phase FROM sync_state WHERE id = 1').get() as { phase: string };
  if (phase.phase !== 'running') createFullTextTriggers(writer);
  return {
    path,
    reader,
    writer,
    close: () => {
      checkpointer?.close();
      readerDb.close();
      writerDb.close();
    },
  };
}
