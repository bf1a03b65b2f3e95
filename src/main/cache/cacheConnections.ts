/**
 * The cache's two connections as the rest of the console sees them: a read-only reader and
 * the one writer. Apart from cacheDatabase.ts (which opens them) so that the modules
 * cacheDatabase.ts itself calls, such as the full-text index, can name them without an
 * import cycle.
 */
import type Database from 'better-sqlite3';

type Connection = Database.Database;
type Statement = Database.Statement;

export interface CacheReader {
  readonly mode: 'read';
  readonly db: Connection;
  statement(sql: string): Statement;
}

export interface CacheWriter {
  readonly mode: 'write';
  readonly db: Connection;
  statement(sql: string): Statement;
  /** Runs fn in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
}

export interface Cache {
  readonly path: string;
  readonly reader: CacheReader;
  readonly writer: CacheWriter;
  close(): void;
}
