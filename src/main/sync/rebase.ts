/**
 * Rebasing pending mutations (SYNC.md): undo every optimistic effect, let the caller write the
 * server's rows, then re-apply the mutations still waiting, in id order, on top of them. Runs
 * inside the caller's transaction, so readers never see the cache half rebased.
 */
import type { LifecycleSettings } from '../../shared/domain/model';
import type { CacheWriter } from '../cache/cacheDatabase';
import { activeMutations } from '../cache/outbox';
import { hasPendingEffects, undoPendingEffects } from '../cache/pendingEffects';
import { applyMutationEffect } from './mutationEffects';

export interface RebaseContext {
  userId: number;
  settings: LifecycleSettings;
}

export function redoPendingMutations(w: CacheWriter, ctx: RebaseContext): void {
  for (const m of activeMutations(w)) {
    // A mutation the cache can no longer apply (the ticket moved on) shows nothing; the server decides.
    applyMutationEffect({ w, userId: ctx.userId, now: m.createdAt, settings: ctx.settings }, m.id, m.name, m.args);
  }
}

/** Undo, write server rows (`applyServerRows`), redo. Cheap when nothing is pending. */
export function rebase(w: CacheWriter, ctx: RebaseContext, applyServerRows: () => void): void {
  const pending = hasPendingEffects(w) || w.statement(`SELECT 1 FROM outbox WHERE state <> 'rejected' LIMIT 1`).get() !== undefined;
  if (!pending) {
    applyServerRows();
    return;
  }
  undoPendingEffects(w);
  applyServerRows();
  redoPendingMutations(w, ctx);
}
