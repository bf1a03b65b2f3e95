/** The single `sync_state` row: who this cache belongs to, where sync stands, and the outbox id counter. */
import type { LifecycleSettings } from '../../shared/domain/model';
import type { CacheReader, CacheWriter } from './cacheDatabase';

export type BootstrapPhase = 'none' | 'running' | 'done';

/** Rows per entity: in the user's whole snapshot, and loaded so far. */
export interface BootstrapCounts {
  total: Record<string, number>;
  done: Record<string, number>;
}

export interface SyncState {
  clientId: string;
  userId: number | null;
  /** `epoch:seq` to pull changes after; null until a bootstrap has finished. */
  cursor: string | null;
  bootstrapPhase: BootstrapPhase;
  bootstrapNext: string | null;
  bootstrapCursor: string | null;
  bootstrapProgress: BootstrapCounts | null;
  schemaVersion: number;
  nextMutationId: number;
  pullGeneration: number;
  /** The server's life-cycle settings as last read; null until read once. */
  lifecycleSettings: LifecycleSettings | null;
  /** Secondary indexes a running bootstrap dropped, to create at its end (deferredIndexes.ts). */
  deferredIndexes: Array<{ name: string; sql: string }> | null;
}

const columns: Record<keyof SyncState, string> = {
  clientId: 'client_id',
  userId: 'user_id',
  cursor: 'cursor',
  bootstrapPhase: 'bootstrap_phase',
  bootstrapNext: 'bootstrap_next',
  bootstrapCursor: 'bootstrap_cursor',
  bootstrapProgress: 'bootstrap_progress',
  schemaVersion: 'schema_version',
  nextMutationId: 'next_mutation_id',
  pullGeneration: 'pull_generation',
  lifecycleSettings: 'lifecycle_settings',
  deferredIndexes: 'deferred_indexes',
};

/** Fields kept as JSON text. */
const jsonFields = new Set<keyof SyncState>(['bootstrapProgress', 'lifecycleSettings', 'deferredIndexes']);

const selectSql = `SELECT ${Object.entries(columns)
  .map(([field, column]) => `${column} AS ${field}`)
  .join(', ')} FROM sync_state WHERE id = 1`;

export function readSyncState(h: CacheReader | CacheWriter): SyncState {
  const row = h.statement(selectSql).get() as Record<keyof SyncState, unknown>;
  for (const field of jsonFields) row[field] = typeof row[field] === 'string' ? (JSON.parse(row[field]) as unknown) : null;
  return row as unknown as SyncState;
}

export function updateSyncState(w: CacheWriter, patch: Partial<Omit<SyncState, 'clientId'>>): void {
  const keys = Object.keys(patch) as Array<keyof typeof patch>;
  if (keys.length === 0) return;
  const values = keys.map((k) => {
    const v = patch[k];
    return jsonFields.has(k) && v !== null ? JSON.stringify(v) : v;
  });
  w.statement(`UPDATE sync_state SET ${keys.map((k) => `${columns[k]} = ?`).join(', ')} WHERE id = 1`).run(...values);
}
