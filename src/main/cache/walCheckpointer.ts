/**
 * Moves WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1000 WAL pages, copying them into the database file and syncing
 * it: several milliseconds on the one local action that happens to trigger it. Here the
 * writer's automatic checkpoint is off and a worker thread with its own connection runs
 * PASSIVE checkpoints (they never block the writer) when the main thread says it wrote.
 *
 * It waits for the writes to pause (`quietMs`) before checkpointing. A checkpoint running
 * beside a burst of local actions still slowed them: at 100k tickets the actions overlapping
 * one took 2-5 ms instead of 0.6 (its copy and fsync compete with their WAL appends), and
 * that was the slow 1% of local actions. During long busy stretches (a bootstrap, a long
 * pull) it checkpoints at least every `maxWaitMs`, so the WAL stays bounded.
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
let firstWriteAt = 0;
const checkpoint = () => {
  timer = null;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next write asks again */ }
};
parentPort.on('message', (m) => {
  if (m === 'close') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
    return;
  }
  const now = Date.now();
  if (timer) clearTimeout(timer);
  else firstWriteAt = now;
  timer = setTimeout(checkpoint, Math.min(workerData.quietMs, Math.max(0, firstWriteAt + workerData.maxWaitMs - now)));
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private closed = false;

  constructor(path: string, { quietMs = 1000, maxWaitMs = 10_000 } = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, { eval: true, workerData: { path, driver, quietMs, maxWaitMs } });
    // The checkpointer must never keep the process alive on its own.
    this.worker.unref();
  }

  /** The main thread committed: checkpoint once writes pause (or the longest wait is up). */
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
