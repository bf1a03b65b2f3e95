/** The single `sync_state` row: who this cache belongs to, where sync stands, and the outbox id counter. */
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
};

const selectSql = `SELECT ${Object.entries(columns)
  .map(([field, column]) => `${column} AS ${field}`)
  .join(', ')} FROM sync_state WHERE id = 1`;

export function readSyncState(h: CacheReader | CacheWriter): SyncState {
  const row = h.statement(selectSql).get() as Omit<SyncState, 'bootstrapProgress'> & { bootstrapProgress: string | null };
  return { ...row, bootstrapProgress: row.bootstrapProgress ? (JSON.parse(row.bootstrapProgress) as BootstrapCounts) : null };
}

export function updateSyncState(w: CacheWriter, patch: Partial<Omit<SyncState, 'clientId'>>): void {
  const keys = Object.keys(patch) as Array<keyof typeof patch>;
  if (keys.length === 0) return;
  const values = keys.map((k) => {
    const v = patch[k];
    return k === 'bootstrapProgress' && v !== null ? JSON.stringify(v) : v;
  });
  w.statement(`UPDATE sync_state SET ${keys.map((k) => `${columns[k]} = ?`).join(', ')} WHERE id = 1`).run(...values);
}
