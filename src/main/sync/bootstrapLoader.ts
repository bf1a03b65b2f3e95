/**
 * Bootstrap (SYNC.md): the user's rows streamed page by page into the cache. Each page's rows
 * and the key of the next page commit in one transaction, so a crash resumes at the first
 * page not committed. The next page is requested before the current one is written, so the
 * server prepares it while SQLite works. FTS triggers stay off until the finishing step
 * rebuilds the indexes once. Pulling continues from the *first* page's snapshot cursor: later
 * pages may be newer, and replaying changes from there converges (see mirrorRows.ts).
 */
import { syncEntities, type SyncEntity } from '../../shared/sync/protocol';
import type { Cache } from '../cache/cacheDatabase';
import { clearFullTextIndexes, createFullTextTriggers, dropFullTextTriggers, rebuildFullTextIndexes } from '../cache/fullTextIndex';
import { latestSchemaVersion } from '../cache/migrations';
import { clearMirroredRows, upsertServerRow } from '../cache/mirrorRows';
import { readSyncState, updateSyncState, type BootstrapCounts } from '../cache/syncState';
import { readNdjson } from './ndjsonReader';
import { SyncHttpError, type SyncApi } from './syncApi';

export interface BootstrapProgress {
  rowsDone: number;
  total: number;
  perEntity: Record<string, { done: number; total: number }>;
}

interface Page {
  rows: Array<{ entity: SyncEntity; row: Record<string, unknown> }>;
  snapshotCursor: string;
  next: string | null;
  counts: Record<string, number>;
}

const knownEntities = new Set<string>(syncEntities);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one page; rows are checked by hand (a schema parse per row would cost more than the insert). */
async function fetchPage(api: SyncApi, after: string | null, limit: number, signal?: AbortSignal): Promise<Page> {
  const body = await api.bootstrapPage(after, limit, signal);
  const rows: Page['rows'] = [];
  let end: Omit<Page, 'rows'> | null = null;
  await readNdjson(body, (line) => {
    if (!isRecord(line)) throw new Error('bootstrap: a line is not a JSON object');
    if (line.end === true) {
      if (typeof line.snapshotCursor !== 'string' || !isRecord(line.counts) || !(typeof line.next === 'string' || line.next === null)) {
        throw new Error('bootstrap: malformed closing line');
      }
      end = { snapshotCursor: line.snapshotCursor, next: line.next, counts: line.counts as Record<string, number> };
      return;
    }
    if (typeof line.entity !== 'string' || !knownEntities.has(line.entity) || !isRecord(line.row) || typeof line.row.id !== 'number') {
      throw new Error('bootstrap: malformed row line');
    }
    rows.push({ entity: line.entity as SyncEntity, row: line.row });
  });
  if (!end) throw new Error('bootstrap: the page ended without its closing line (connection cut?)');
  return { rows, ...(end as Omit<Page, 'rows'>) };
}

export function progressOf(counts: BootstrapCounts | null): BootstrapProgress {
  const perEntity: BootstrapProgress['perEntity'] = {};
  let rowsDone = 0;
  let total = 0;
  for (const entity of syncEntities) {
    const t = counts?.total[entity] ?? 0;
    const d = counts?.done[entity] ?? 0;
    perEntity[entity] = { done: d, total: t };
    rowsDone += d;
    total += t;
  }
  return { rowsDone, total, perEntity };
}

export interface BootstrapOptions {
  cache: Cache;
  api: SyncApi;
  pageSize: number;
  signal?: AbortSignal;
  onProgress(p: BootstrapProgress): void;
  /** Runs inside the finishing transaction: re-applies the outbox on the fresh rows. */
  reapplyPendingMutations(): void;
}

/** Empties the mirrored tables and marks a bootstrap as running; the outbox stays. */
export function startFreshBootstrap(cache: Cache): void {
  const w = cache.writer;
  w.transaction(() => {
    dropFullTextTriggers(w);
    clearMirroredRows(w);
    clearFullTextIndexes(w);
    updateSyncState(w, { bootstrapPhase: 'running', bootstrapNext: null, bootstrapCursor: null, bootstrapProgress: null, cursor: null });
  });
}

/** Runs (or resumes) a bootstrap to its end; returns the cursor to pull from. */
export async function loadBootstrap(opts: BootstrapOptions): Promise<string> {
  try {
    return await loadPages(opts);
  } catch (err) {
    // A resume key from before a server restore or upgrade is refused: start over once.
    if (!(err instanceof SyncHttpError && err.code === 'invalid_page_key')) throw err;
    startFreshBootstrap(opts.cache);
    return loadPages(opts);
  }
}

async function loadPages(opts: BootstrapOptions): Promise<string> {
  const w = opts.cache.writer;
  if (readSyncState(w).bootstrapPhase !== 'running') startFreshBootstrap(opts.cache);
  let state = readSyncState(w);
  // A crash after the last page but before the finishing step: only the finish is left.
  const allPagesLoaded = state.bootstrapCursor !== null && state.bootstrapNext === null;
  const fetchNext = (after: string | null) => {
    const p = fetchPage(opts.api, after, opts.pageSize, opts.signal);
    p.catch(() => undefined); // awaited below; this only keeps an abandoned prefetch from being "unhandled"
    return p;
  };
  let pending = allPagesLoaded ? null : fetchNext(state.bootstrapNext);
  while (pending) {
    const page: Page = await pending;
    pending = page.next ? fetchNext(page.next) : null;
    const counts: BootstrapCounts = { total: state.bootstrapProgress?.total ?? page.counts, done: { ...state.bootstrapProgress?.done } };
    w.transaction(() => {
      for (const { entity, row } of page.rows) {
        upsertServerRow(w, entity, row);
        counts.done[entity] = (counts.done[entity] ?? 0) + 1;
      }
      updateSyncState(w, { bootstrapNext: page.next, bootstrapCursor: state.bootstrapCursor ?? page.snapshotCursor, bootstrapProgress: counts });
    });
    state = readSyncState(w);
    opts.onProgress(progressOf(counts));
  }
  const cursor = state.bootstrapCursor!;
  w.transaction(() => {
    rebuildFullTextIndexes(w);
    createFullTextTriggers(w);
    opts.reapplyPendingMutations();
    updateSyncState(w, { bootstrapPhase: 'done', bootstrapNext: null, cursor, schemaVersion: latestSchemaVersion });
  });
  // Fresh statistics so the planner picks the queue indexes on a large cache; the limit keeps it quick.
  w.db.pragma('analysis_limit = 1000');
  w.db.exec('ANALYZE');
  // The bootstrap wrote the whole cache through the WAL (hundreds of MB at 100k tickets). Copy
  // it into the database now, as the last step of the first sync, rather than in the
  // background while the user starts working, where its I/O slowed the first local actions;
  // TRUNCATE also gives the WAL's disk space back.
  w.db.pragma('wal_checkpoint(TRUNCATE)');
  return cursor;
}
