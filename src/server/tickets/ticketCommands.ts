/**
 * Every ticket action, staff or customer: load and lock the ticket, check that the actor may
 * touch it, let the shared state machine decide, then write the outcome and its changes.
 * The REST routes and the sync push both call these, so the rules hold on every entry point;
 * which transitions a mutation takes is the shared plan's (shared/tickets/ticketMutations.ts),
 * the same the console shows its optimistic effect with.
 */
import type { LifecycleSettings, Priority, TicketType } from '../../shared/domain/model';
import { decide, newTicketState, ticketDueAt, type TicketAction, type TicketState } from '../../shared/tickets/lifecycle';
import { mutationPermission } from '../../shared/tickets/permissions';
import { departmentTakesWork } from '../../shared/staff/staffRules';
import { effectiveScore } from '../../shared/tickets/queueOrder';
import { ticketPlan, type TicketMutationName, type TicketPlan } from '../../shared/tickets/ticketMutations';
import { emailStaffReply } from '../email/ticketEmails';
import { notifyConsoles } from '../sync/consoleNotifications';
import { announceTransition, type TransitionEnv } from './transitionEffects';
import type { MutationArgs } from '../../shared/sync/protocol';
import type { SessionUser } from '../auth/sessions';
import type { ChangeWriter } from '../sync/changeLog';
import { refreshStanding } from '../accounts/standing';
import { queryBuilder, sql } from '../db/queryBuilder';
import { ApiError, conflict, notFound } from '../http/errors';
import { assertMay, assertStaffSees } from './ticketAccess';
import { chargeTicket, insertMessage, lockTicket, saveTicket, ticketScopes, type TicketRow } from './ticketStore';

export interface CommandContext {
  w: ChangeWriter;
  actor: SessionUser;
  settings: LifecycleSettings;
  /** Base URL of the customer account site, for the links in notification emails. */
  publicUrl: string;
}

/** Decides and writes one transition; a refusal becomes a 409 with the state machine's reason. */
export function transition(ctx: CommandContext, t: TicketRow, action: TicketAction): Promise<TicketState> {
  return applyTransition({ w: ctx.w, settings: ctx.settings, publicUrl: ctx.publicUrl, actorId: ctx.actor.id }, t, action);
}

/**
 * The one path of every ticket transition, by people or the scheduler: decide, save, charge
 * (the ledger's unique index makes a second charge impossible), then the emails and console
 * call-outs it sets off, all in the caller's transaction. `decideWith` lets the scheduler
 * check timed rules against the ticket's stored deadlines.
 */
export async function applyTransition(env: TransitionEnv, t: TicketRow, action: TicketAction, decideWith = env.settings): Promise<TicketState> {
  const d = decide(t, action, env.w.now, decideWith);
  if (!d.ok) throw conflict(d.code, d.reason);
  await saveTicket(env.w, t, d.next, env.settings);
  await chargeTicket(env.w, t, d.charge, env.actorId);
  await announceTransition(env, t, d.next, d.charge);
  return d.next;
}

/** The mutation's plan, once the actor's role may make it and its arguments do not refuse it. */
function planOf<N extends TicketMutationName>(ctx: CommandContext, name: N, a: MutationArgs<N>): TicketPlan {
  assertMay(ctx.actor, mutationPermission[name]);
  const plan = ticketPlan(name, a, ctx.actor.id);
  if (!plan.ok) throw new ApiError(400, plan.code, plan.reason, `args.${plan.field}`);
  return plan;
}

async function lockSeen(ctx: CommandContext, id: number): Promise<TicketRow> {
  const t = await lockTicket(ctx.w, { id });
  assertStaffSees(ctx.actor, t);
  return t;
}

/** The plan, and its ticket locked once the actor may see it. */
async function planned<N extends TicketMutationName>(ctx: CommandContext, name: N, a: MutationArgs<N>): Promise<{ plan: TicketPlan; t: TicketRow }> {
  const plan = planOf(ctx, name, a);
  return { plan, t: await lockSeen(ctx, plan.ticketId) };
}

/**
 * Takes the plan's transitions on its locked ticket in order, each later one checked against
 * the actor's role first; `afterFirst` runs after the first (a reply's message is written and
 * mailed before the reply closes the ticket).
 */
async function runSteps(ctx: CommandContext, t: TicketRow, plan: TicketPlan, afterFirst?: () => Promise<void>): Promise<void> {
  let row = t;
  for (const [i, step] of plan.steps.entries()) {
    if (i > 0) assertMay(ctx.actor, step.needs);
    // saveTicket bumped the version by one.
    row = { ...row, ...(await transition(ctx, row, step.action)), version: row.version + 1 };
    if (i === 0) await afterFirst?.();
  }
}

/** A mutation with nothing to check or write beyond its plan's transitions. */
const plainCommand =
  <N extends TicketMutationName>(name: N) =>
  async (ctx: CommandContext, a: MutationArgs<N>): Promise<void> => {
    const { plan, t } = await planned(ctx, name, a);
    await runSteps(ctx, t, plan);
  };

/**
 * The department exists and takes new tickets (not archived). Its row is locked FOR SHARE, so
 * an archive waits for this ticket and then counts it among the open ones.
 */
async function assertDepartment(w: ChangeWriter, id: number): Promise<void> {
  const d = await queryBuilder(w.tx).selectFrom('departments').select(['id', 'archivedAt']).where('id', '=', id).forShare().executeTakeFirst();
  const taken = departmentTakesWork(d, 'departmentId');
  if (!taken.ok) throw new ApiError(400, taken.code, `args.departmentId: ${taken.reason}`, 'args.departmentId');
}

async function assertAssignable(w: ChangeWriter, id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  const row = await queryBuilder(w.tx)
    .selectFrom('users')
    .select(sql.lit(1).as('one'))
    .where('id', '=', id)
    .where('role', 'like', 'staff.%')
    .where((eb) => eb.ref('active'))
    .executeTakeFirst();
  if (!row) throw new ApiError(400, 'unknown_assignee', `user ${id} is not an active staff member`, 'args.assigneeId');
}

export const staffCommands = {
  async classify(ctx: CommandContext, a: MutationArgs<'ticket.classify'>) {
    const { plan, t } = await planned(ctx, 'ticket.classify', a);
    await assertDepartment(ctx.w, a.departmentId);
    await assertAssignable(ctx.w, a.assigneeId);
    await runSteps(ctx, t, plan);
    if (a.priority && a.priority !== t.priority) await refreshStanding(ctx.w, t.accountId);
  },
  async forward(ctx: CommandContext, a: MutationArgs<'ticket.forward'>) {
    const { plan, t } = await planned(ctx, 'ticket.forward', a);
    await assertDepartment(ctx.w, a.departmentId);
    await runSteps(ctx, t, plan);
  },
  claim: plainCommand('ticket.claim'),
  async assign(ctx: CommandContext, a: MutationArgs<'ticket.assign'>) {
    const { plan, t } = await planned(ctx, 'ticket.assign', a);
    await assertAssignable(ctx.w, a.assigneeId);
    await runSteps(ctx, t, plan);
  },
  async reply(ctx: CommandContext, a: MutationArgs<'ticket.reply'>) {
    const { plan, t } = await planned(ctx, 'ticket.reply', a);
    await runSteps(ctx, t, plan, async () => {
      const messageId = await insertMessage(ctx.w, { ticketId: t.id, authorUserId: ctx.actor.id, kind: 'staff', body: a.body, clientRef: a.clientRef });
      await emailStaffReply(ctx.w, ctx.publicUrl, t.id, messageId, ctx.actor.name, a.body);
    });
  },
  async note(ctx: CommandContext, a: MutationArgs<'ticket.note'>) {
    const { plan, t } = await planned(ctx, 'ticket.note', a);
    await insertMessage(ctx.w, { ticketId: t.id, authorUserId: ctx.actor.id, kind: 'note', body: a.body, clientRef: a.clientRef });
    // A note changes no status, but bumps the ticket so queues show it as updated.
    await runSteps(ctx, t, plan);
  },
  async setPriority(ctx: CommandContext, a: MutationArgs<'ticket.setPriority'>) {
    const { plan, t } = await planned(ctx, 'ticket.setPriority', a);
    await runSteps(ctx, t, plan);
    await refreshStanding(ctx.w, t.accountId);
  },
  setHotRush: plainCommand('ticket.setHotRush'),
  close: plainCommand('ticket.close'),
  reopen: plainCommand('ticket.reopen'),
  async merge(ctx: CommandContext, a: MutationArgs<'ticket.merge'>) {
    const plan = planOf(ctx, 'ticket.merge', a);
    const target = plan.target!;
    // Lock both in id order so two opposite merges cannot deadlock.
    const [first, second] = [plan.ticketId, target.ticketId].sort((x, y) => x - y) as [number, number];
    const locked = new Map<number, TicketRow>();
    for (const id of [first, second]) locked.set(id, await lockTicket(ctx.w, { id }));
    const from = locked.get(plan.ticketId)!;
    const into = locked.get(target.ticketId)!;
    assertStaffSees(ctx.actor, from);
    assertStaffSees(ctx.actor, into);
    if (from.accountId !== into.accountId) throw new ApiError(409, 'different_accounts', 'only tickets of the same account can be merged', 'args.intoTicketId');
    const received = decide(into, target.action, ctx.w.now, ctx.settings);
    if (!received.ok) throw conflict(received.code, received.reason, `args.${target.field}`);
    await runSteps(ctx, from, plan);
    const db = queryBuilder(ctx.w.tx);
    await db.updateTable('ticketMessages').set((eb) => ({ ticketId: into.id, movedFromTicketId: from.id, version: eb('version', '+', 1) })).where('ticketId', '=', from.id).execute();
    await db.updateTable('attachments').set((eb) => ({ ticketId: into.id, version: eb('version', '+', 1) })).where('ticketId', '=', from.id).execute();
    const lost = ticketScopes(from).filter((s) => !ticketScopes(into).includes(s));
    for (const entity of ['message', 'attachment'] as const) {
      ctx.w.changedWhere(entity, { ticketId: into.id });
      ctx.w.changedWhere(entity, { ticketId: into.id }, { op: 'delete', scopes: lost });
    }
    await transition(ctx, into, target.action);
  },
  async split(ctx: CommandContext, a: MutationArgs<'ticket.split'>) {
    const { plan, t } = await planned(ctx, 'ticket.split', a);
    const m = await queryBuilder(ctx.w.tx)
      .selectFrom('ticketMessages')
      .select(['id', 'kind', 'body'])
      .where('id', '=', a.messageId)
      .where('ticketId', '=', t.id)
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw new ApiError(400, 'unknown_message', `message ${a.messageId} is not part of this ticket`, 'args.messageId');
    if (m.kind === 'note') throw new ApiError(400, 'cannot_split_note', 'an internal note cannot become a ticket of its own', 'args.messageId');
    // Decided before the new ticket is made, so a refusal leaves nothing behind.
    const decision = decide(t, plan.steps[0].action, ctx.w.now, ctx.settings);
    if (!decision.ok) throw conflict(decision.code, decision.reason);
    const newId = await insertTicket(ctx, {
      accountId: t.accountId,
      authorUserId: null,
      type: t.type === 'log' ? 'tech' : t.type,
      subject: a.subject ?? `Split from #${t.number}: ${t.subject}`.slice(0, 300),
      priority: t.priority,
      hotRush: false,
      departmentId: null,
      splitFromId: t.id,
    });
    const db = queryBuilder(ctx.w.tx);
    await db
      .updateTable('ticketMessages')
      .set((eb) => ({ ticketId: newId, movedFromTicketId: t.id, version: eb('version', '+', 1) }))
      .where('id', '=', m.id)
      .execute();
    // The message's files go with it: they belong to the message, not to the ticket it left.
    const files = await db
      .updateTable('attachments')
      .set((eb) => ({ ticketId: newId, version: eb('version', '+', 1) }))
      .where('ticketId', '=', t.id)
      .where('messageId', '=', m.id)
      .returning('id')
      .execute();
    // The new ticket has no department yet: only the `tickets` scope (dispatchers) keeps seeing them.
    const lost = ticketScopes(t).filter((s) => s !== 'tickets');
    ctx.w.changed('message', m.id);
    ctx.w.changedWhere('message', { id: m.id }, { op: 'delete', scopes: lost });
    if (files.length > 0) {
      const ids = files.map((f) => f.id);
      ctx.w.changedWhere('attachment', { ids });
      ctx.w.changedWhere('attachment', { ids }, { op: 'delete', scopes: lost });
    }
    await runSteps(ctx, t, plan);
    return { ticketId: newId };
  },
};

export interface NewTicket {
  accountId: number;
  authorUserId: number | null;
  type: TicketType;
  subject: string;
  priority: Priority;
  hotRush: boolean;
  departmentId: number | null;
  licenseId?: number | null;
  productVersion?: string;
  splitFromId?: number;
  followUpOfId?: number;
}

export async function insertTicket(ctx: Pick<CommandContext, 'w' | 'settings'>, n: NewTicket): Promise<number> {
  const state = newTicketState({ type: n.type, priority: n.priority, hotRush: n.hotRush, departmentId: n.departmentId }, ctx.w.now);
  const db = queryBuilder(ctx.w.tx);
  const acc = await db.selectFrom('accounts').select('standingAdjustment').where('id', '=', n.accountId).executeTakeFirst();
  if (!acc) throw notFound(`account ${n.accountId}`);
  const row = await db
    .insertInto('tickets')
    .values({
      accountId: n.accountId, authorUserId: n.authorUserId, type: n.type, subject: n.subject, licenseId: n.licenseId ?? null,
      productVersion: n.productVersion ?? '', priority: n.priority, hotRush: n.hotRush, status: state.status, departmentId: n.departmentId,
      score: effectiveScore(n.priority, { adjustment: acc.standingAdjustment }), clockStartedAt: state.clockStartedAt,
      dueAt: ticketDueAt(state, ctx.settings), splitFromId: n.splitFromId ?? null, followUpOfId: n.followUpOfId ?? null,
      createdAt: ctx.w.now, updatedAt: ctx.w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.w.changed('ticket', row.id);
  if (n.hotRush) await notifyConsoles(ctx.w, 'hotrush', row.id);
  return row.id;
}
