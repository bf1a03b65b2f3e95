/**
 * Moves WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1000 WAL pages, copying them into the database file and syncing
 * it: several milliseconds on the one local action that happens to trigger it. Here the
 * writer's automatic checkpoint is off and a worker thread with its own connection runs
 * PASSIVE checkpoints (they never block the writer) when the main thread says it wrote.
 *
 * A first sync runs the whole cache through the WAL (over 400 MB at 100k tickets) and the
 * file keeps its largest size. Once a checkpoint has copied every frame of a WAL file larger than
 * `truncateAboveBytes`, the worker truncates it, but only after `quietMs` without a write:
 * truncating holds the write lock while the file system frees the space, so truncating while
 * a first sync streams in would hold its page writes up, and each truncated file would be
 * grown again by the next pages. It only takes the
 * write lock if it is free at once (busy: the checkpoint after the next write tries again).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain JavaScript, evaluated in the worker, so it runs the same under tsx, vitest and Electron.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const { statSync } = require('node:fs');
const walFileBytes = () => statSync(workerData.path + '-wal', { throwIfNoEntry: false })?.size ?? 0;
let timer = null;
let truncateTimer = null;
const truncate = () => {
  truncateTimer = null;
  // Never waits: holding the write lock while readers finish would stall the main thread's next write.
  db.pragma('busy_timeout = 0');
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch { /* busy: the checkpoint after the next write tries again */ } finally { db.pragma('busy_timeout = 1000'); }
};
parentPort.on('message', (m) => {
  if (m === 'close') {
    clearTimeout(timer);
    clearTimeout(truncateTimer);
    db.close();
    parentPort.close();
    return;
  }
  // A write: whatever was copied is no longer all of the log, and the quiet spell starts over.
  clearTimeout(truncateTimer);
  truncateTimer = null;
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    try {
      const [done] = db.pragma('wal_checkpoint(PASSIVE)');
      // The file's size, not the frames in use: after the WAL starts over, a small log can sit in a large file.
      if (done.log === done.checkpointed && walFileBytes() > workerData.truncateAboveBytes && !truncateTimer) {
        truncateTimer = setTimeout(truncate, workerData.quietMs);
      }
    } catch { /* busy: the next write asks again */ }
  }, workerData.delayMs);
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private closed = false;

  constructor(path: string, delayMs = 200, truncateAboveBytes = 64 * 1024 * 1024, quietMs = 1000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, { eval: true, workerData: { path, driver, delayMs, truncateAboveBytes, quietMs } });
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
