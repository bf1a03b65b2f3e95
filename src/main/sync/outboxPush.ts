/**
 * Delivering the outbox (SYNC.md): mutations go in id order, in batches, up to the first one
 * still in its undo window (it holds back the rest until its window ends); each stays until the
 * server's lastMutationId covers it, so a lost response only causes a resend the server
 * recognises. Refused mutations are marked with the server's reason and their effects rolled
 * back (rebase without them).
 */
import { randomBytes } from 'node:crypto';
import type { MutationError, MutationName } from '../../shared/sync/protocol';
import type { CacheWriter } from '../cache/cacheDatabase';
import { markApplied, markRejected, markSent, restartMutationIds, unacknowledgedMutations } from '../cache/outbox';
import { readSyncState } from '../cache/syncState';
import { rebase, type RebaseContext } from './rebase';
import { SyncHttpError, type SyncApi } from './syncApi';

export interface RejectedMutation {
  mutationId: number;
  name: MutationName;
  error: MutationError;
}

export interface OutboxPushOptions {
  w: CacheWriter;
  api: SyncApi;
  batchSize: number;
  signal: AbortSignal;
  /** The time now, for the undo windows that hold mutations back. */
  now(): number;
  rebaseContext(): RebaseContext;
  /** Brings the cache to the server's head (used before renumbering, see below). */
  pull(): Promise<void>;
  /** Wraps each request, for online/offline tracking. */
  request<T>(step: () => Promise<T>): Promise<T>;
  onBatch(rejected: RejectedMutation[]): void;
  onRenumbered(): void;
}

/** Pushes until nothing waits; returns how many mutations the server acknowledged. */
export async function pushOutbox(o: OutboxPushOptions): Promise<number> {
  const { w } = o;
  let acknowledged = 0;
  for (;;) {
    const batch = unacknowledgedMutations(w, o.batchSize, o.now());
    if (!batch.length) return acknowledged;
    w.transaction(() => markSent(w, batch.map((m) => m.id)));
    const { clientId, nextMutationId } = readSyncState(w);
    const res = await o
      .request(() => o.api.push({ clientId, mutations: batch.map((m) => ({ id: m.id, name: m.name, args: m.args })) }, o.signal))
      // A gap: the server forgot ids it had acknowledged (its data was restored from a backup).
      .catch((err: unknown) => (err instanceof SyncHttpError && err.code === 'mutation_gap' ? null : Promise.reject(err)));
    if (res === null || res.lastMutationId >= nextMutationId) {
      // Either the server forgot mutations it acknowledged, or it has seen ids this cache never
      // issued (the file was restored from an older copy) and its "seen" answers are about other
      // mutations. Pull first, so replies it already has are known by their clientRef, then
      // renumber the rest under a new client id.
      await o.pull();
      w.transaction(() => {
        restartMutationIds(w, randomBytes(12).toString('base64url'));
        rebase(w, o.rebaseContext(), () => undefined);
      });
      o.onRenumbered();
      continue;
    }
    const rejected: RejectedMutation[] = [];
    w.transaction(() => {
      const generation = readSyncState(w).pullGeneration;
      for (const r of res.results) {
        if (r.id > res.lastMutationId) continue;
        if (r.status === 'applied') markApplied(w, r.id, generation);
        else {
          const error = r.error ?? { code: 'rejected', message: 'the server refused this change' };
          markRejected(w, r.id, error);
          const sent = batch.find((b) => b.id === r.id);
          if (sent) rejected.push({ mutationId: r.id, name: sent.name, error });
        }
        acknowledged += 1;
      }
      // A refused mutation's effect goes; the others are re-applied without it.
      if (rejected.length) rebase(w, o.rebaseContext(), () => undefined);
    });
    o.onBatch(rejected);
  }
}
