/**
 * What each ticket mutation asks of the state machine (lifecycle.ts): the ticket it acts on,
 * its transitions in order with the role permission each needs, and the refusals its
 * arguments alone decide. The server decides with it and the console shows its optimistic
 * effect with it, so the two cannot read a mutation differently; each adds only what it
 * alone can check (the server: the department and assignee exist, the actor sees the
 * ticket, a merge stays within one account).
 */
import type { MutationArgs, MutationName } from '../sync/protocol';
import type { TicketAction } from './lifecycle';
import { mutationPermission, type StaffAction } from './permissions';

export type TicketMutationName = Extract<MutationName, `ticket.${string}`>;

export interface TicketStep {
  action: TicketAction;
  /** The first step needs the mutation's own permission (`mutationPermission`); a later one may need another. */
  needs: StaffAction;
}

export interface TicketPlan {
  ok: true;
  ticketId: number;
  /** The ticket's transitions in order: a reply that also closes takes two. */
  steps: [TicketStep, ...TicketStep[]];
  /**
   * The second ticket of a merge: `action` must be allowed on it before anything is written,
   * and is taken once the conversation has moved. `field` names its argument.
   */
  target?: { ticketId: number; action: TicketAction; field: string };
}

/** A mutation its arguments alone refuse; `field` names the argument. */
export interface ArgumentRefusal {
  ok: false;
  code: 'merge_into_itself';
  reason: string;
  field: string;
}

const single = (name: TicketMutationName, ticketId: number, action: TicketAction): TicketPlan => ({
  ok: true,
  ticketId,
  steps: [{ action, needs: mutationPermission[name] }],
});

const plans: { [N in TicketMutationName]: (a: MutationArgs<N>, actorId: number) => TicketPlan | ArgumentRefusal } = {
  'ticket.classify': (a) =>
    single('ticket.classify', a.ticketId, {
      type: 'classify', ticketType: a.type, departmentId: a.departmentId, cost: a.cost, priority: a.priority, assigneeId: a.assigneeId,
    }),
  'ticket.forward': (a) => single('ticket.forward', a.ticketId, { type: 'forward', departmentId: a.departmentId, ticketType: a.type }),
  'ticket.claim': (a, actorId) => single('ticket.claim', a.ticketId, { type: 'claim', userId: actorId }),
  'ticket.assign': (a) => single('ticket.assign', a.ticketId, { type: 'assign', assigneeId: a.assigneeId }),
  'ticket.reply': (a) => {
    const plan = single('ticket.reply', a.ticketId, { type: 'staff_reply' });
    if (a.close) plan.steps.push({ action: { type: 'close', by: 'staff' }, needs: 'close' });
    return plan;
  },
  'ticket.note': (a) => single('ticket.note', a.ticketId, { type: 'note' }),
  'ticket.setPriority': (a) => single('ticket.setPriority', a.ticketId, { type: 'set_priority', priority: a.priority }),
  'ticket.setHotRush': (a) => single('ticket.setHotRush', a.ticketId, { type: 'set_hot_rush', hotRush: a.hotRush }),
  'ticket.close': (a) => single('ticket.close', a.ticketId, { type: 'close', by: 'staff' }),
  'ticket.reopen': (a) => single('ticket.reopen', a.ticketId, { type: 'reopen', by: 'staff' }),
  'ticket.merge': (a) => {
    if (a.ticketId === a.intoTicketId) return { ok: false, code: 'merge_into_itself', reason: 'a ticket cannot be merged into itself', field: 'intoTicketId' };
    const plan = single('ticket.merge', a.ticketId, { type: 'merge_away', targetId: a.intoTicketId });
    return { ...plan, target: { ticketId: a.intoTicketId, action: { type: 'receive_merge' }, field: 'intoTicketId' } };
  },
  'ticket.split': (a) => single('ticket.split', a.ticketId, { type: 'split_from' }),
};

export function ticketPlan<N extends TicketMutationName>(name: N, args: MutationArgs<N>, actorId: number): TicketPlan | ArgumentRefusal {
  const plan = plans[name] as (a: MutationArgs<N>, actorId: number) => TicketPlan | ArgumentRefusal;
  return plan(args, actorId);
}
