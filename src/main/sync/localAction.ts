/**
 * A local action (SYNC.md): validated against the mutation's schema and the role's
 * permissions, then its optimistic effect and its outbox row are written in one transaction,
 * so the UI shows it at once and a crash loses nothing.
 */
import { randomBytes } from 'node:crypto';
import type { LifecycleSettings, Role } from '../../shared/domain/model';
import { mutationArgs, type MutationArgs, type MutationName, type SyncEntity } from '../../shared/sync/protocol';
import { mayTakeAction, mutationPermission, refusalOf } from '../../shared/tickets/permissions';
import type { CacheWriter } from '../cache/cacheDatabase';
import { enqueueMutation, type OutboxHold } from '../cache/outbox';
import { billingEntities } from '../billing/billingEffects';
import { applyMutationEffect } from './mutationEffects';

/** A local action the cache already shows to be impossible; nothing was queued. */
export class LocalRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LocalRefusal';
  }
}


/** The ticket a mutation's arguments name, if any. */
export function ticketIdOf(args: unknown): number | null {
  if (typeof args !== 'object' || args === null) return null;
  const id = (args as { ticketId?: unknown }).ticketId;
  return typeof id === 'number' ? id : null;
}

export interface LocalActionResult {
  mutationId: number;
  /** The reply's or note's clientRef (made here when the caller gave none). */
  clientRef?: string;
  ticketIds: number[];
  /** The synced entities whose cached rows the action changed (for the "changed" event). */
  entities: SyncEntity[];
}

export function writeLocalAction<N extends MutationName>(
  w: CacheWriter,
  actor: { user: { id: number; role: Role }; settings: LifecycleSettings; now: number },
  name: N,
  args: MutationArgs<N>,
  hold: OutboxHold | null = null,
): LocalActionResult {
  const parsed = mutationArgs[name].safeParse(args);
  if (!parsed.success) throw new LocalRefusal('validation_failed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { user, settings, now } = actor;
  const action = mutationPermission[name];
  if (!mayTakeAction(user.role, action)) throw new LocalRefusal('forbidden', refusalOf(user.role, action));
  const values = parsed.data as Record<string, unknown>;
  // The server stores the clientRef with the message, which is how its copy replaces ours.
  if ((name === 'ticket.reply' || name === 'ticket.note') && !values.clientRef) values.clientRef = randomBytes(16).toString('base64url');
  const mutationId = w.transaction(() => {
    const id = enqueueMutation(w, name, values, now, hold);
    const outcome = applyMutationEffect({ w, userId: user.id, now, settings }, id, name, values);
    if (!outcome.ok) throw new LocalRefusal(outcome.code, outcome.reason);
    return id;
  });
  return {
    mutationId,
    ...(typeof values.clientRef === 'string' ? { clientRef: values.clientRef } : {}),
    ticketIds: typeof values.ticketId === 'number' ? [values.ticketId] : [],
    entities: name.startsWith('ticket.') ? ['ticket', 'message'] : billingEntities,
  };
}
