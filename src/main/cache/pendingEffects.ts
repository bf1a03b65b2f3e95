/**
 * Bookkeeping for optimistic effects. Before an effect first changes a row, the server's copy
 * is remembered; restoring every remembered copy undoes all pending effects at once, which
 * is how a pull rebases (undo, apply server changes, redo still-pending mutations) and how a
 * rejected mutation is rolled back.
 */
import type { SyncEntity } from '../../shared/sync/protocol';
import type { CacheReader, CacheWriter } from './cacheDatabase';
import { deleteRow, forceRow, readRow } from './mirrorRows';

/**
 * The local id of a row a pending mutation creates (a message, a ledger line): negative (the
 * server's are positive) yet rising with the mutation id, so rows written in the same
 * millisecond keep the order they were written in.
 */
export const pendingRowId = (mutationId: number): number => Number.MIN_SAFE_INTEGER + mutationId;

/** Call before an optimistic change to a server row; the first call per row wins. */
export function rememberServerRow(w: CacheWriter, entity: SyncEntity, id: number): void {
  const known = w.statement('SELECT 1 FROM pending_effects WHERE entity = ? AND entity_id = ?').get(entity, id);
  if (known) return;
  const row = readRow(w, entity, id);
  w.statement('INSERT INTO pending_effects (entity, entity_id, server_row) VALUES (?, ?, ?)').run(entity, id, row ? JSON.stringify(row) : null);
}

/** Marks a row that exists only locally (a pending message): undoing deletes it. */
export function rememberLocalRow(w: CacheWriter, entity: SyncEntity, id: number): void {
  w.statement('INSERT INTO pending_effects (entity, entity_id, server_row) VALUES (?, ?, NULL) ON CONFLICT DO NOTHING').run(entity, id);
}

/** Puts every changed row back to its server copy and forgets the bookkeeping. */
export function undoPendingEffects(w: CacheWriter): void {
  const rows = w.statement('SELECT entity, entity_id AS id, server_row AS serverRow FROM pending_effects').all() as Array<{ entity: SyncEntity; id: number; serverRow: string | null }>;
  for (const r of rows) {
    if (r.serverRow === null) deleteRow(w, r.entity, r.id);
    else forceRow(w, r.entity, JSON.parse(r.serverRow) as Record<string, unknown>);
  }
  w.statement('DELETE FROM pending_effects').run();
}

export function hasPendingEffects(h: CacheReader | CacheWriter): boolean {
  return h.statement('SELECT 1 FROM pending_effects LIMIT 1').get() !== undefined;
}

/** Whether a row currently shows an optimistic change (for "pending" markers in the UI). */
export function isPending(h: CacheReader | CacheWriter, entity: SyncEntity, id: number): boolean {
  return h.statement('SELECT 1 FROM pending_effects WHERE entity = ? AND entity_id = ?').get(entity, id) !== undefined;
}
