/**
 * The WAL checkpointer copies the writer's commits into the database file on a worker thread
 * and gives a large WAL's disk space back once everything in it is copied and the writes have
 * stopped (a first sync runs the whole cache through the WAL), without ever holding up the writer.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../src/main/cache/walCheckpointer';
import { tempCachePath } from './support/fixtures';

const walBytes = (file: string) => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
const open: Array<{ close(): void }> = [];

function walDatabase(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  open.push(db);
  return db;
}

/** About `mb` MB of rows in one commit. */
function writeMegabytes(db: Database.Database, mb: number): void {
  const insert = db.prepare('INSERT INTO rows (text) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < mb * 256; i++) insert.run('x'.repeat(4000));
  })();
}

afterEach(() => {
  for (const c of open.splice(0).reverse()) c.close();
});

describe('the WAL checkpointer', () => {
  it('copies a large WAL into the database and then truncates it', async () => {
    const file = tempCachePath();
    const db = walDatabase(file);
    writeMegabytes(db, 4);
    expect(walBytes(file)).toBeGreaterThan(4_000_000);
    const checkpointer = new WalCheckpointer(file, 10, 1024 * 1024);
    open.push(checkpointer);
    checkpointer.wrote();
    await expect.poll(() => walBytes(file) === 0, { timeout: 10_000, message: 'the WAL truncated' }).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 1024 });
  });

  it('truncates a large WAL file that holds a small log (the WAL started over at its beginning)', async () => {
    const file = tempCachePath();
    const db = walDatabase(file);
    writeMegabytes(db, 4);
    db.pragma('wal_checkpoint(PASSIVE)');
    // Everything copied: this commit starts the WAL over, in the same 4 MB file.
    db.prepare('INSERT INTO rows (text) VALUES (?)').run('small');
    const [state] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    expect(state!.log).toBeLessThan(10);
    expect(walBytes(file)).toBeGreaterThan(4_000_000);
    const checkpointer = new WalCheckpointer(file, 10, 1024 * 1024);
    open.push(checkpointer);
    checkpointer.wrote();
    await expect.poll(() => walBytes(file) === 0, { timeout: 10_000, message: 'the WAL truncated' }).toBe(true);
  });

  it('leaves a small WAL at its size (it is reused from the start)', async () => {
    const file = tempCachePath();
    const db = walDatabase(file);
    writeMegabytes(db, 1);
    const checkpointer = new WalCheckpointer(file, 10, 8 * 1024 * 1024);
    open.push(checkpointer);
    checkpointer.wrote();
    // Copied: the database file itself now holds the rows.
    await expect.poll(() => statSync(file).size > 1_000_000, { timeout: 10_000, message: 'the WAL copied into the database file' }).toBe(true);
    expect(walBytes(file)).toBeGreaterThan(1_000_000);
  });

  it('waits until the writes stop before truncating (truncating holds the write lock)', async () => {
    const file = tempCachePath();
    const db = walDatabase(file);
    writeMegabytes(db, 4);
    const checkpointer = new WalCheckpointer(file, 10, 1024 * 1024, 300);
    open.push(checkpointer);
    const insert = db.prepare('INSERT INTO rows (text) VALUES (?)');
    // A commit every 20 ms for a second, as a first sync's pages come in: each is copied, and
    // the WAL starts over in the same file instead of being truncated and grown again.
    for (let round = 0; round < 50; round++) {
      insert.run('during');
      checkpointer.wrote();
      await new Promise((r) => setTimeout(r, 20));
      expect(walBytes(file), `WAL file size after commit ${round + 1}`).toBeGreaterThan(4_000_000);
    }
    expect(statSync(file).size).toBeGreaterThan(4_000_000);
    await expect.poll(() => walBytes(file) === 0, { timeout: 10_000, message: 'the WAL truncated once the writes stopped' }).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 1024 + 50 });
  });

  it('does not truncate while a reader is still on the WAL, and never holds up the writer', async () => {
    const file = tempCachePath();
    const db = walDatabase(file);
    writeMegabytes(db, 4);
    const reader = new Database(file, { readonly: true });
    open.push(reader);
    // An open read transaction: an iterator that has not finished.
    const reading = reader.prepare('SELECT id FROM rows').iterate();
    reading.next();
    const checkpointer = new WalCheckpointer(file, 10, 1024 * 1024);
    open.push(checkpointer);
    // A writer that never waits: it would fail with SQLITE_BUSY if the worker held the write lock.
    db.pragma('busy_timeout = 0');
    const insert = db.prepare('INSERT INTO rows (text) VALUES (?)');
    for (let round = 0; round < 20; round++) {
      checkpointer.wrote();
      await new Promise((r) => setTimeout(r, 15));
      insert.run('during');
    }
    await expect.poll(() => statSync(file).size > 4_000_000, { timeout: 10_000, message: 'the WAL copied into the database file' }).toBe(true);
    expect(walBytes(file)).toBeGreaterThan(4_000_000);
    reading.return?.();
    checkpointer.wrote();
    await expect.poll(() => walBytes(file) === 0, { timeout: 10_000, message: 'the WAL truncated once the reader is done' }).toBe(true);
  });
});
