/**
 * What each mutation looks like locally before the server confirms it (SYNC.md "A local
 * action writes its optimistic effect"). Ticket transitions are decided by the shared state
 * machine, the same one the server decides with; replies and notes appear as messages with a
 * negative id (the server's ids are positive) and the mutation's clientRef.
 */
import type { Priority } from '../../shared/domain/model';
import type { MutationArgs, MutationName } from '../../shared/sync/protocol';
import { nextClockDeadline } from '../../shared/tickets/clockDeadline';
import { decide, type TicketAction, type TicketState } from '../../shared/tickets/lifecycle';
import { basePriorityScore } from '../../shared/tickets/queueOrder';
import { forceRow, readRow } from '../cache/mirrorRows';
import { pendingRowId, rememberLocalRow, rememberServerRow } from '../cache/pendingEffects';
import { billingEffects } from './billingEffects';
import type { EffectContext, EffectOutcome } from './effectContext';

const ok: EffectOutcome = { ok: true };

/** The local id of the pending message a mutation creates (see pendingRowId). */
export const pendingMessageId = pendingRowId;

type TicketRow = TicketState & Record<string, unknown> & { id: number; accountId: number; score: number; dueAt: number | null; breachedAt?: number | null };

function readTicket(ctx: EffectContext, id: number): TicketRow | null {
  return readRow(ctx.w, 'ticket', id) as TicketRow | null;
}

function scoreFor(ctx: EffectContext, t: TicketRow, priority: Priority): number {
  const account = readRow(ctx.w, 'account', t.accountId);
  const adjustment = typeof account?.standingAdjustment === 'number' ? account.standingAdjustment : t.score - basePriorityScore[t.priority];
  return basePriorityScore[priority] + adjustment;
}

/** Decides a transition on the cached ticket and writes the outcome. */
function transition(ctx: EffectContext, ticketId: number, action: TicketAction): EffectOutcome {
  const t = readTicket(ctx, ticketId);
  if (!t) return { ok: false, code: 'not_found', reason: `ticket ${ticketId} is not in this console's cache` };
  const d = decide(t, action, ctx.now, ctx.settings);
  if (!d.ok) return { ok: false, code: d.code, reason: d.reason };
  const next = d.next;
  rememberServerRow(ctx.w, 'ticket', ticketId);
  forceRow(ctx.w, 'ticket', {
    ...t,
    ...next,
    // The server keeps a running clock's due time (and breach flag) and starts new clocks with its current targets.
    ...nextClockDeadline({ ...t, breachedAt: t.breachedAt ?? null }, next, ctx.settings),
    score: next.priority === t.priority ? t.score : scoreFor(ctx, t, next.priority),
    updatedAt: ctx.now,
  });
  return ok;
}

/** Whether the server's copy of a message written with this clientRef is already cached. */
function deliveredMessage(ctx: EffectContext, clientRef: string | undefined): boolean {
  return clientRef !== undefined && ctx.w.statement('SELECT 1 FROM messages WHERE client_ref = ? AND id > 0').get(clientRef) !== undefined;
}

function addPendingMessage(ctx: EffectContext, mutationId: number, ticketId: number, kind: 'staff' | 'note', body: string, clientRef: string | undefined): void {
  const id = pendingMessageId(mutationId);
  rememberLocalRow(ctx.w, 'message', id);
  forceRow(ctx.w, 'message', { id, ticketId, authorUserId: ctx.userId, kind, body, movedFromTicketId: null, clientRef: clientRef ?? null, createdAt: ctx.now, version: 0 });
}

type Effects = { [N in MutationName]: (ctx: EffectContext, args: MutationArgs<N>, mutationId: number) => EffectOutcome };

const effects: Effects = {
  'ticket.classify': (ctx, a) =>
    transition(ctx, a.ticketId, { type: 'classify', ticketType: a.type, departmentId: a.departmentId, cost: a.cost, priority: a.priority, assigneeId: a.assigneeId }),
  'ticket.forward': (ctx, a) => transition(ctx, a.ticketId, { type: 'forward', departmentId: a.departmentId, ticketType: a.type }),
  'ticket.claim': (ctx, a) => transition(ctx, a.ticketId, { type: 'claim', userId: ctx.userId }),
  'ticket.assign': (ctx, a) => transition(ctx, a.ticketId, { type: 'assign', assigneeId: a.assigneeId }),
  'ticket.reply': (ctx, a, mutationId) => {
    // Once the server's copy is here, the ticket row pulled with it already shows the reply.
    if (deliveredMessage(ctx, a.clientRef)) return ok;
    const replied = transition(ctx, a.ticketId, { type: 'staff_reply' });
    if (!replied.ok) return replied;
    if (a.close) {
      const closed = transition(ctx, a.ticketId, { type: 'close', by: 'staff' });
      if (!closed.ok) return closed;
    }
    addPendingMessage(ctx, mutationId, a.ticketId, 'staff', a.body, a.clientRef);
    return ok;
  },
  'ticket.note': (ctx, a, mutationId) => {
    if (deliveredMessage(ctx, a.clientRef)) return ok;
    const noted = transition(ctx, a.ticketId, { type: 'note' });
    if (!noted.ok) return noted;
    addPendingMessage(ctx, mutationId, a.ticketId, 'note', a.body, a.clientRef);
    return ok;
  },
  'ticket.setPriority': (ctx, a) => transition(ctx, a.ticketId, { type: 'set_priority', priority: a.priority }),
  'ticket.setHotRush': (ctx, a) => transition(ctx, a.ticketId, { type: 'set_hot_rush', hotRush: a.hotRush }),
  'ticket.close': (ctx, a) => transition(ctx, a.ticketId, { type: 'close', by: 'staff' }),
  'ticket.reopen': (ctx, a) => transition(ctx, a.ticketId, { type: 'reopen', by: 'staff' }),
  'ticket.merge': (ctx, a) => {
    if (a.ticketId === a.intoTicketId) return { ok: false, code: 'merge_into_itself', reason: 'a ticket cannot be merged into itself' };
    const into = readTicket(ctx, a.intoTicketId);
    if (!into) return { ok: false, code: 'not_found', reason: `ticket ${a.intoTicketId} is not in this console's cache` };
    const target = decide(into, { type: 'receive_merge' }, ctx.now, ctx.settings);
    if (!target.ok) return { ok: false, code: target.code, reason: target.reason };
    // The moved messages arrive with the server's changes; locally the source shows as merged.
    return transition(ctx, a.ticketId, { type: 'merge_away', targetId: a.intoTicketId });
  },
  // The new ticket's id and number come from the server; nothing to show before then.
  'ticket.split': () => ok,
  ...billingEffects,
};

/** Applies one mutation's optimistic effect to the cache; args must already be validated. */
export function applyMutationEffect(ctx: EffectContext, mutationId: number, name: MutationName, args: unknown): EffectOutcome {
  const effect = effects[name] as (ctx: EffectContext, args: unknown, mutationId: number) => EffectOutcome;
  return effect(ctx, args, mutationId);
}
