/**
 * What each mutation looks like locally before the server confirms it (SYNC.md "A local
 * action writes its optimistic effect"). A ticket mutation's transitions are its shared plan
 * (shared/tickets/ticketMutations.ts), decided by the shared state machine, the same the
 * server decides with; replies and notes appear as messages with a negative id (the server's
 * ids are positive) and the mutation's clientRef.
 */
import type { Priority } from '../../shared/domain/model';
import type { MutationArgs, MutationName } from '../../shared/sync/protocol';
import { nextClockDeadline } from '../../shared/tickets/clockDeadline';
import { decide, type TicketAction, type TicketState } from '../../shared/tickets/lifecycle';
import { basePriorityScore, effectiveScore } from '../../shared/tickets/queueOrder';
import { ticketPlan, type ArgumentRefusal, type TicketMutationName, type TicketPlan } from '../../shared/tickets/ticketMutations';
import { forceRow, readRow } from '../cache/mirrorRows';
import { pendingRowId, rememberLocalRow, rememberServerRow } from '../cache/pendingEffects';
import { billingEffects } from '../billing/billingEffects';
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
  return effectiveScore(priority, { adjustment });
}

const notCached = (ticketId: number): EffectOutcome => ({ ok: false, code: 'not_found', reason: `ticket ${ticketId} is not in this console's cache` });

/** Decides a transition on the cached ticket and writes the outcome. */
function transition(ctx: EffectContext, ticketId: number, action: TicketAction): EffectOutcome {
  const t = readTicket(ctx, ticketId);
  if (!t) return notCached(ticketId);
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
  forceRow(ctx.w, 'message', { id, ticketId, authorUserId: ctx.userId, kind, body, movedFromTicketId: null, clientRef: clientRef ?? null, createdAt: ctx.now, version: 0, via: 'web' });
}

/**
 * Shows a ticket mutation's plan on the cache: a merge's target must take the merge first
 * (its moved messages arrive with the server's changes), then the ticket's transitions in order.
 */
function showPlan(ctx: EffectContext, plan: TicketPlan | ArgumentRefusal): EffectOutcome {
  if (!plan.ok) return { ok: false, code: plan.code, reason: plan.reason };
  if (plan.target) {
    const target = readTicket(ctx, plan.target.ticketId);
    if (!target) return notCached(plan.target.ticketId);
    const d = decide(target, plan.target.action, ctx.now, ctx.settings);
    if (!d.ok) return { ok: false, code: d.code, reason: d.reason };
  }
  for (const step of plan.steps) {
    const shown = transition(ctx, plan.ticketId, step.action);
    if (!shown.ok) return shown;
  }
  return ok;
}

type Effects = { [N in MutationName]: (ctx: EffectContext, args: MutationArgs<N>, mutationId: number) => EffectOutcome };

const planEffect =
  <N extends TicketMutationName>(name: N) =>
  (ctx: EffectContext, a: MutationArgs<N>): EffectOutcome =>
    showPlan(ctx, ticketPlan(name, a, ctx.userId));

/** A reply or note: its transitions, and the message pending until the server's copy arrives. */
const messageEffect =
  <N extends 'ticket.reply' | 'ticket.note'>(name: N, kind: 'staff' | 'note') =>
  (ctx: EffectContext, a: MutationArgs<N>, mutationId: number): EffectOutcome => {
    // Once the server's copy is here, the ticket row pulled with it already shows the message.
    if (deliveredMessage(ctx, a.clientRef)) return ok;
    const shown = showPlan(ctx, ticketPlan(name, a, ctx.userId));
    if (!shown.ok) return shown;
    addPendingMessage(ctx, mutationId, a.ticketId, kind, a.body, a.clientRef);
    return ok;
  };

const effects: Effects = {
  'ticket.classify': planEffect('ticket.classify'),
  'ticket.forward': planEffect('ticket.forward'),
  'ticket.claim': planEffect('ticket.claim'),
  'ticket.assign': planEffect('ticket.assign'),
  'ticket.reply': messageEffect('ticket.reply', 'staff'),
  'ticket.note': messageEffect('ticket.note', 'note'),
  'ticket.setPriority': planEffect('ticket.setPriority'),
  'ticket.setHotRush': planEffect('ticket.setHotRush'),
  'ticket.close': planEffect('ticket.close'),
  'ticket.reopen': planEffect('ticket.reopen'),
  'ticket.merge': planEffect('ticket.merge'),
  // The new ticket's id and number come from the server; nothing to show before then.
  'ticket.split': () => ok,
  ...billingEffects,
  // The team and departments are the server's to decide; their rows arrive with its changes.
  'staff.invite': () => ok,
  'staff.resendInvitation': () => ok,
  'staff.cancelInvitation': () => ok,
  'staff.update': () => ok,
  'staff.deactivate': () => ok,
  'staff.reactivate': () => ok,
  'staff.resetTwoFactor': () => ok,
  'department.create': () => ok,
  'department.rename': () => ok,
  'department.archive': () => ok,
  // The catalogue is not in the console's cache: its screen rereads it after the push.
  'catalogue.create': () => ok,
  'catalogue.update': () => ok,
  'catalogue.setActive': () => ok,
  // Newsletters are not in the console's cache: their screen rereads them after the push.
  'newsletter.send': () => ok,
  'newsletter.testSend': () => ok,
  'newsletter.setThrottle': () => ok,
  // The forum is not in the console's cache either: its screen rereads it after the push.
  'forumCategory.create': () => ok,
  'forumCategory.update': () => ok,
  'forumCategory.setArchived': () => ok,
  'forum.setSettings': () => ok,
  'forum.startThread': () => ok,
  'forum.reply': () => ok,
  'forum.setPostHidden': () => ok,
  'forum.setLocked': () => ok,
  'forum.setPinned': () => ok,
  'forum.move': () => ok,
  // Payouts are not in the console's cache: the list rereads them after the push.
  'payout.pay': () => ok,
  'payout.convert': () => ok,
  'payout.reject': () => ok,
  // Held mail is not in the console's cache: the queue rereads it after the push.
  'heldMail.accept': () => ok,
  'heldMail.startTicket': () => ok,
  'heldMail.discard': () => ok,
};

/** Applies one mutation's optimistic effect to the cache; args must already be validated. */
export function applyMutationEffect(ctx: EffectContext, mutationId: number, name: MutationName, args: unknown): EffectOutcome {
  const effect = effects[name] as (ctx: EffectContext, args: unknown, mutationId: number) => EffectOutcome;
  return effect(ctx, args, mutationId);
}
