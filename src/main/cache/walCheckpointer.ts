/**
 * Moves WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1000 WAL pages, copying them into the database file and syncing
 * it: several milliseconds on the one local action that happens to trigger it. Here the
 * writer's automatic checkpoint is off and a worker thread with its own connection runs
 * PASSIVE checkpoints (they never block the writer) when the main thread says it wrote.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain JavaScript, evaluated in the worker, so it runs the same under tsx, vitest and Electron.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let timer = null;
parentPort.on('message', (m) => {
  if (m === 'close') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
    return;
  }
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next write asks again */ }
  }, workerData.delayMs);
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private closed = false;

  constructor(path: string, delayMs = 200) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, { eval: true, workerData: { path, driver, delayMs } });
    // The checkpointer must never keep the process alive on its own.
    this.worker.unref();
  }

  /** The main thread committed: checkpoint soon (requests within the delay are merged). */
  wrote(): void {
    if (!this.closed) this.worker.postMessage('wrote');
  }

  /** Asks the worker to close its connection and end; nothing waits for it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage('close');
  }
}
