/**
 * Builds the message index of a bootstrap on a worker thread while the pages stream in,
 * instead of rebuilding it on the main thread after the last page, which would be the longest
 * single step of a first sync.
 *
 * SQLite has one writer per database file, so the worker indexes into a scratch file of its
 * own with the same FTS5 definition. At the end it checks that it indexed exactly the
 * messages the cache holds, and copies the index's shadow tables into the cache through its
 * own connection: a commit by another connection is what makes the console's connections
 * drop the index structure FTS5 keeps in memory. Anything short of an exact match (a
 * bootstrap resumed after a crash, a failed worker) reports `copied: false`, and the caller
 * rebuilds the index the ordinary way, so this only ever saves time.
 */
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CacheWriter } from './cacheDatabase';
import type { FullTextIndex } from './fullTextIndex';

// Plain JavaScript, evaluated in the worker, so it runs the same under tsx, vitest and Electron.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { fts, createSql, column, table, scratchPath, cachePath, hashBytes } = workerData;
let failure = null;
let count = 0;
let idSum = 0;
const db = new Database(scratchPath);
// A scratch file: nothing in it has to survive a crash.
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.exec(createSql);
db.exec("INSERT INTO " + fts + " (" + fts + ", rank) VALUES ('hashsize', " + hashBytes + ")");
const insert = db.prepare("INSERT INTO " + fts + " (rowid, " + column + ") VALUES (?, ?)");
db.exec('BEGIN');
parentPort.on('message', (m) => {
  if (m.kind === 'rows') {
    try {
      if (!failure) for (let i = 0; i < m.ids.length; i++) { insert.run(m.ids[i], m.values[i]); count += 1; idSum += m.ids[i]; }
    } catch (err) { failure = String(err); }
    parentPort.postMessage({ kind: 'ack' });
    return;
  }
  // kind 'finish': merge into one segment, then copy into the cache if it matches exactly.
  let copied = false;
  try {
    if (failure) throw new Error(failure);
    db.exec('COMMIT');
    db.exec("INSERT INTO " + fts + " (" + fts + ") VALUES ('optimize')");
    db.prepare('ATTACH ? AS cache').run(cachePath);
    db.pragma('cache.busy_timeout = 60000'); // the bootstrap may be creating its deferred indexes
    const held = db.prepare("SELECT count(*) AS n, coalesce(sum(id), 0) AS s FROM cache." + table + " WHERE id > 0").get();
    if (held.n === count && held.s === idSum) {
      // Writing FTS5's shadow tables is refused in SQLite's defensive mode, which better-sqlite3
      // turns on; this connection only ever copies a whole, matching index.
      db.unsafeMode(true);
      db.exec('BEGIN IMMEDIATE');
      // Every shadow table but _config: the cache keeps its own settings (the build's large
      // term table is not one to keep).
      const shadows = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '!' AND name <> ?").pluck().all(fts.replaceAll('_', '!_') + '!_%', fts + '_config');
      for (const shadow of shadows) db.exec("DELETE FROM cache." + shadow + "; INSERT INTO cache." + shadow + " SELECT * FROM main." + shadow);
      db.exec('COMMIT');
      copied = true;
    } else failure = 'indexed ' + count + ' rows, the cache holds ' + held.n;
  } catch (err) {
    failure = failure || String(err);
    if (db.inTransaction) db.exec('ROLLBACK');
  }
  db.close();
  parentPort.postMessage({ kind: 'done', copied, failure });
  parentPort.close();
});
`;

/** How many batches may wait in the worker's queue before the bootstrap waits for it. */
const maxBatchesInFlight = 2;

export interface BackgroundIndexResult {
  copied: boolean;
  /** Why the index was not copied (the caller rebuilds it instead). */
  failure: string | null;
}

export class BackgroundIndexBuild {
  private readonly worker: Worker;
  private readonly scratchPath: string;
  private inFlight = 0;
  private roomWaiters: Array<() => void> = [];
  private done: Promise<BackgroundIndexResult>;
  private finished = false;

  /** `cachePath` must be a file: the worker opens it with a connection of its own. */
  constructor(w: CacheWriter, cachePath: string, private readonly index: FullTextIndex) {
    if (index.columns.length !== 1) throw new Error(`background index build handles one column; ${index.fts} has ${index.columns.length}`);
    this.scratchPath = scratchPathOf(cachePath, index);
    removeScratch(this.scratchPath);
    const { sql } = w.db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(index.fts) as { sql: string };
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, {
      eval: true,
      workerData: { driver, fts: index.fts, createSql: sql, column: index.columns[0], table: index.table, scratchPath: this.scratchPath, cachePath, hashBytes: 64 * 1024 * 1024 },
    });
    this.done = new Promise((resolve) => {
      this.worker.on('message', (m: { kind: 'ack' } | ({ kind: 'done' } & BackgroundIndexResult)) => {
        if (m.kind === 'ack') {
          this.inFlight -= 1;
          this.roomWaiters.splice(0).forEach((wake) => wake());
        } else resolve({ copied: m.copied, failure: m.failure });
      });
      this.worker.on('error', (err) => resolve({ copied: false, failure: String(err) }));
      this.worker.on('exit', () => resolve({ copied: false, failure: 'the index worker ended early' }));
    });
    void this.done.then(() => {
      this.inFlight = 0;
      this.roomWaiters.splice(0).forEach((wake) => wake());
    });
  }

  /** Hands committed rows (server ids, the indexed column's values) to the worker. */
  add(ids: number[], values: unknown[]): void {
    if (this.finished || !ids.length) return;
    this.inFlight += 1;
    this.worker.postMessage({ kind: 'rows', ids, values });
  }

  /** Resolves when the worker has room for another batch, so its queue never holds the whole bootstrap. */
  async room(): Promise<void> {
    while (this.inFlight > maxBatchesInFlight) await new Promise<void>((wake) => this.roomWaiters.push(wake));
  }

  /** Merges and copies the index into the cache; the caller must not be inside a write transaction. */
  async finish(): Promise<BackgroundIndexResult> {
    if (!this.finished) {
      this.finished = true;
      this.worker.postMessage({ kind: 'finish' });
    }
    const result = await this.done;
    removeScratch(this.scratchPath);
    return result;
  }

  /** Stops the worker without copying (the bootstrap failed or was stopped). */
  async abandon(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
    removeScratch(this.scratchPath);
  }
}

const scratchPathOf = (cachePath: string, index: FullTextIndex) => `${cachePath}.${index.fts}-build`;

/** Deletes a scratch file left by a build that a crash interrupted. */
export function removeStaleScratch(cachePath: string, index: FullTextIndex): void {
  removeScratch(scratchPathOf(cachePath, index));
}

function removeScratch(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
