/**
 * Bootstrap (SYNC.md): the user's rows streamed page by page into the cache. Each page's rows
 * and the key of the next page commit in one transaction, so a crash resumes at the first
 * page not committed. The next page is requested as soon as the current one's headers name
 * it, so the server prepares it while the console parses and writes the current one. FTS
 * triggers stay off until the finishing step builds the indexes once; the message index is
 * built meanwhile on a worker thread (backgroundIndexBuild.ts). Pulling continues from the
 * *first* page's snapshot cursor: later pages may be newer, and replaying changes from there
 * converges (see mirrorRows.ts).
 */
import { syncEntities, type SyncEntity } from '../../shared/sync/protocol';
import type { Cache } from '../cache/cacheDatabase';
import { BackgroundIndexBuild, removeStaleScratch } from '../cache/backgroundIndexBuild';
import { createDeferredIndexes, deferSecondaryIndexes } from '../cache/deferredIndexes';
import { entityTables, wireArrayToCells } from '../cache/entityTables';
import { clearFullTextIndexes, createFullTextTriggers, dropFullTextTriggers, fullTextIndexes, rebuildFullTextIndexes, type FullTextIndex } from '../cache/fullTextIndex';
import { latestSchemaVersion } from '../cache/migrations';
import { clearMirroredRows, upsertServerCells } from '../cache/mirrorRows';
import { readSyncState, updateSyncState, type BootstrapCounts } from '../cache/syncState';
import { readNdjson } from './ndjsonReader';
import { SyncHttpError, type SyncApi } from './syncApi';

export interface BootstrapProgress {
  rowsDone: number;
  total: number;
  perEntity: Record<string, { done: number; total: number }>;
}

interface Page {
  /** Rows as SQLite values in their table's column order. */
  rows: Array<{ entity: SyncEntity; cells: Array<number | string | null> }>;
  snapshotCursor: string;
  next: string | null;
  counts: Record<string, number>;
}

const knownEntities = new Set<string>(syncEntities);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A page whose headers are in; its body is read on demand. */
interface OpenedPage {
  /** The next page's key when the server told it in the headers, else null. */
  announcedNext: string | null;
  read(): Promise<Page>;
  /** Lets go of an opened page that will not be read (the bootstrap failed). */
  discard(): void;
}

async function openPage(api: SyncApi, after: string | null, limit: number, signal?: AbortSignal): Promise<OpenedPage> {
  const { body, next } = await api.bootstrapPage(after, limit, signal);
  return { announcedNext: next, read: () => readPage(body), discard: () => void body.cancel().catch(() => undefined) };
}

/**
 * Reads one page: a columns line before each entity's rows, rows as arrays (SYNC.md, see
 * `BootstrapColumnsLine`), the closing line. Rows are checked by hand (a schema parse per row
 * would cost more than the insert).
 */
async function readPage(body: ReadableStream<Uint8Array>): Promise<Page> {
  const rows: Page['rows'] = [];
  let end: Omit<Page, 'rows'> | null = null;
  let current: { entity: SyncEntity; toCells: ReturnType<typeof wireArrayToCells>; id: number } | null = null;
  await readNdjson(body, (line) => {
    if (Array.isArray(line)) {
      if (!current) throw new Error('bootstrap: a row line before any columns line');
      if (typeof line[current.id] !== 'number') throw new Error(`bootstrap: malformed row line (${current.entity} without a numeric id)`);
      rows.push({ entity: current.entity, cells: current.toCells(line) });
      return;
    }
    if (!isRecord(line)) throw new Error('bootstrap: a line is neither a row nor a JSON object');
    if (Array.isArray(line.columns)) {
      const columns = line.columns;
      if (typeof line.entity !== 'string' || !knownEntities.has(line.entity) || !columns.every((c) => typeof c === 'string') || !columns.includes('id')) {
        throw new Error('bootstrap: malformed columns line');
      }
      const entity = line.entity as SyncEntity;
      current = { entity, toCells: wireArrayToCells(entityTables[entity], columns as string[]), id: columns.indexOf('id') };
      return;
    }
    if (line.end === true) {
      if (typeof line.snapshotCursor !== 'string' || !isRecord(line.counts) || !(typeof line.next === 'string' || line.next === null)) {
        throw new Error('bootstrap: malformed closing line');
      }
      end = { snapshotCursor: line.snapshotCursor, next: line.next, counts: line.counts as Record<string, number> };
      return;
    }
    throw new Error('bootstrap: a line is neither a row, a columns line nor the closing line');
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
    deferSecondaryIndexes(w);
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
  const state = readSyncState(w);
  // A crash after the last page but before the finishing step: only the finish is left.
  const allPagesLoaded = state.bootstrapCursor !== null && state.bootstrapNext === null;
  const background = allPagesLoaded ? null : startBackgroundBuild(opts.cache, state.bootstrapCursor === null);
  try {
    const cursor = await streamPages(opts, background);
    const building = background?.build.finish();
    // The worker merges its index in its own file meanwhile; only its copy waits for this.
    createDeferredIndexes(w);
    const built = building ? await building : null;
    return finishBootstrap(opts, cursor, built?.copied ? [background!.index.fts] : []);
  } catch (err) {
    await background?.build.abandon();
    throw err;
  }
}

/** The index built while the pages stream in, when this bootstrap starts from its first page. */
interface Background {
  index: FullTextIndex;
  build: BackgroundIndexBuild;
  entity: SyncEntity;
  /** Position of the indexed column in its table's cells. */
  column: number;
}

function startBackgroundBuild(cache: Cache, fromFirstPage: boolean): Background | null {
  const index = fullTextIndexes.find((ix) => ix.buildDuringBootstrap);
  if (!index || cache.path === ':memory:' || cache.path === '') return null;
  if (!fromFirstPage) {
    // A resumed bootstrap already committed pages the worker never saw: it rebuilds at the end.
    removeStaleScratch(cache.path, index);
    return null;
  }
  const table = Object.values(entityTables).find((t) => t.table === index.table)!;
  const column = table.columns.findIndex((c) => c.column === index.columns[0]);
  return { index, build: new BackgroundIndexBuild(cache.writer, cache.path, index), entity: table.entity, column };
}

/** Writes every page (resuming after the last committed one); returns the cursor to pull from. */
async function streamPages(opts: BootstrapOptions, background: Background | null): Promise<string> {
  const w = opts.cache.writer;
  let state = readSyncState(w);
  const open = (after: string | null) => {
    const p = openPage(opts.api, after, opts.pageSize, opts.signal);
    p.catch(() => undefined); // awaited below; this only keeps an abandoned prefetch from being "unhandled"
    return p;
  };
  let opening = state.bootstrapCursor !== null && state.bootstrapNext === null ? null : open(state.bootstrapNext);
  while (opening) {
    const opened = await opening;
    // The next page is asked for as soon as the server has told its key, so the server
    // prepares it while this one is parsed and written (at most two pages in flight).
    let following = opened.announcedNext ? open(opened.announcedNext) : null;
    let page: Page;
    try {
      page = await opened.read();
      if (following && page.next !== opened.announcedNext) throw new Error('bootstrap: the page\'s header and closing line name different next pages');
    } catch (err) {
      void following?.then((f) => f.discard(), () => undefined);
      throw err;
    }
    following ??= page.next ? open(page.next) : null;
    const counts: BootstrapCounts = { total: state.bootstrapProgress?.total ?? page.counts, done: { ...state.bootstrapProgress?.done } };
    const indexed: { ids: number[]; values: unknown[] } = { ids: [], values: [] };
    w.transaction(() => {
      for (const { entity, cells } of page.rows) {
        upsertServerCells(w, entity, cells);
        counts.done[entity] = (counts.done[entity] ?? 0) + 1;
        if (entity === background?.entity) {
          indexed.ids.push(cells[0] as number); // id is every mirrored table's first column
          indexed.values.push(cells[background.column]);
        }
      }
      updateSyncState(w, { bootstrapNext: page.next, bootstrapCursor: state.bootstrapCursor ?? page.snapshotCursor, bootstrapProgress: counts });
    });
    background?.build.add(indexed.ids, indexed.values);
    state = readSyncState(w);
    opts.onProgress(progressOf(counts));
    await background?.build.room();
    opening = following;
  }
  return state.bootstrapCursor!;
}

/** Indexes, triggers, the outbox re-applied, and the phase marked done, in one transaction. */
function finishBootstrap(opts: BootstrapOptions, cursor: string, alreadyIndexed: string[]): string {
  const w = opts.cache.writer;
  w.transaction(() => {
    rebuildFullTextIndexes(w, alreadyIndexed);
    createFullTextTriggers(w);
    opts.reapplyPendingMutations();
    updateSyncState(w, { bootstrapPhase: 'done', bootstrapNext: null, cursor, schemaVersion: latestSchemaVersion });
  });
  // Fresh statistics so the planner picks the queue indexes on a large cache; the limit keeps it
  // quick. Its commit, like every writer transaction, wakes the WAL checkpointer: the worker
  // copies the bootstrap's WAL (the whole cache, over 400 MB at 100k tickets) into the database
  // and, once the writes pause, truncates it. Doing that here, in TRUNCATE mode, held the end
  // of a first sync by about a second at 100k tickets.
  w.transaction(() => {
    w.db.pragma('analysis_limit = 1000');
    w.db.exec('ANALYZE');
  });
  // Building the indexes ran every table through the writer's page cache; hand that memory
  // back (pages are read again as needed) rather than keep a bootstrap's worth resident.
  w.db.pragma('shrink_memory');
  return cursor;
}
