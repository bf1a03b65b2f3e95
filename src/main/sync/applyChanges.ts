/**
 * Applying one page of pulled changes: in a single transaction the optimistic effects are
 * undone, the server's changes written (deletes always, upserts unless the cache is newer),
 * acknowledged mutations whose effects have now arrived forgotten, the still-pending ones
 * re-applied, and the new cursor stored. A crash leaves either all of it or none. A page with
 * an upsert whose payload is not a row of its entity (the shared row schema) is refused
 * whole before anything is written.
 */
import { rowIssue } from '../../shared/sync/entityRows';
import type { ChangesResponse, SyncEntity } from '../../shared/sync/protocol';
import type { CacheWriter } from '../cache/cacheDatabase';
import { deleteRow, upsertServerRow } from '../cache/mirrorRows';
import { dropPulledMutations } from '../cache/outbox';
import { updateSyncState } from '../cache/syncState';
import { rebase, type RebaseContext } from './rebase';

export interface ChangedRows {
  entities: SyncEntity[];
  /** Tickets whose row, messages or attachments changed (where the change says which). */
  ticketIds: number[];
}

/** A pulled change the console will not write: its payload does not fit its entity's row. */
export class InvalidChangeError extends Error {
  constructor(readonly seq: number, readonly issue: string) {
    super(`change ${seq} was refused and not written: ${issue}`);
    this.name = 'InvalidChangeError';
  }
}

function checkPayloads(page: ChangesResponse): void {
  for (const c of page.changes) {
    if (c.op !== 'upsert' || !c.payload) continue;
    const issue = rowIssue(c.entity, c.payload);
    if (issue) throw new InvalidChangeError(c.seq, issue);
  }
}

export function applyChangesPage(w: CacheWriter, page: ChangesResponse, pullGeneration: number, ctx: RebaseContext): ChangedRows {
  checkPayloads(page);
  const entities = new Set<SyncEntity>();
  const ticketIds = new Set<number>();
  w.transaction(() => {
    rebase(w, ctx, () => {
      for (const c of page.changes) {
        entities.add(c.entity);
        if (c.entity === 'ticket') ticketIds.add(c.entityId);
        else if (typeof c.payload?.ticketId === 'number') ticketIds.add(c.payload.ticketId);
        if (c.op === 'delete') deleteRow(w, c.entity, c.entityId);
        else if (c.payload) upsertServerRow(w, c.entity, c.payload);
      }
      // Only a pull that reached the head has surely brought every acknowledged mutation's rows.
      if (page.upToDate) dropPulledMutations(w, pullGeneration);
    });
    updateSyncState(w, { cursor: page.cursor });
  });
  return { entities: [...entities], ticketIds: [...ticketIds] };
}
