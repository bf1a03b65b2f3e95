/**
 * Every ticket action, staff or customer: load and lock the ticket, check that the actor may
 * touch it, let the shared state machine decide, then write the outcome and its changes.
 * The REST routes and the sync push both call these, so the rules hold on every entry point.
 */
import type { LifecycleSettings, Priority, TicketType } from '../../shared/domain/model';
import { decide, newTicketState, ticketDueAt, type TicketAction, type TicketState } from '../../shared/tickets/lifecycle';
import { emailStaffReply } from '../email/ticketEmails';
import { notifyConsoles } from '../sync/consoleNotifications';
import { announceTransition } from './transitionEffects';
import { mayTakeAction, refusalOf, seesAllTickets, type StaffTicketAction } from '../../shared/tickets/permissions';
import { basePriorityScore } from '../../shared/tickets/queueOrder';
import type { MutationArgs } from '../../shared/sync/protocol';
import type { SessionUser } from '../auth/sessions';
import type { ChangeWriter } from '../sync/changeLog';
import { refreshStanding } from '../accounts/standing';
import { ApiError, conflict, forbidden, notFound, notYours } from '../http/errors';
import { chargeTicket, insertMessage, lockTicket, saveTicket, ticketScopes, type TicketRow } from './ticketStore';

export interface CommandContext {
  w: ChangeWriter;
  actor: SessionUser;
  settings: LifecycleSettings;
  /** Base URL of the customer account site, for the links in notification emails. */
  publicUrl: string;
}

/** What a transition needs besides the ticket; `actorId` null for the scheduler. */
export interface TransitionEnv {
  w: ChangeWriter;
  settings: LifecycleSettings;
  publicUrl: string;
  actorId: number | null;
}

/** Staff outside the ticket's department, not assigned to it and without the all-tickets view, may not see it. */
export function staffSees(actor: SessionUser, t: Pick<TicketRow, 'departmentId' | 'assigneeId'>): boolean {
  if (seesAllTickets(actor.role)) return true;
  if (t.assigneeId === actor.id) return true;
  return t.departmentId !== null && actor.departmentIds.includes(t.departmentId);
}

export function assertStaffSees(actor: SessionUser, t: Pick<TicketRow, 'departmentId' | 'assigneeId'>): void {
  if (!staffSees(actor, t)) throw notYours('this ticket is neither in your departments nor assigned to you');
}

function assertMay(actor: SessionUser, action: StaffTicketAction): void {
  if (!mayTakeAction(actor.role, action)) throw forbidden(refusalOf(actor.role, action));
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

async function staffTicket(ctx: CommandContext, ticketId: number, action: StaffTicketAction): Promise<TicketRow> {
  assertMay(ctx.actor, action);
  const t = await lockTicket(ctx.w, { id: ticketId });
  assertStaffSees(ctx.actor, t);
  return t;
}

async function assertDepartment(w: ChangeWriter, id: number): Promise<void> {
  const rows = await w.query('SELECT 1 FROM departments WHERE id = $1', [id]);
  if (!rows.length) throw new ApiError(400, 'unknown_department', `department ${id} does not exist`, 'args.departmentId');
}

async function assertAssignable(w: ChangeWriter, id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  const rows = await w.query(`SELECT 1 FROM users WHERE id = $1 AND role LIKE 'staff.%' AND active`, [id]);
  if (!rows.length) throw new ApiError(400, 'unknown_assignee', `user ${id} is not an active staff member`, 'args.assigneeId');
}

export const staffCommands = {
  async classify(ctx: CommandContext, a: MutationArgs<'ticket.classify'>) {
    const t = await staffTicket(ctx, a.ticketId, 'classify');
    await assertDepartment(ctx.w, a.departmentId);
    await assertAssignable(ctx.w, a.assigneeId);
    await transition(ctx, t, { type: 'classify', ticketType: a.type, departmentId: a.departmentId, cost: a.cost, priority: a.priority, assigneeId: a.assigneeId });
    if (a.priority && a.priority !== t.priority) await refreshStanding(ctx.w, t.accountId);
  },
  async forward(ctx: CommandContext, a: MutationArgs<'ticket.forward'>) {
    const t = await staffTicket(ctx, a.ticketId, 'forward');
    await assertDepartment(ctx.w, a.departmentId);
    await transition(ctx, t, { type: 'forward', departmentId: a.departmentId, ticketType: a.type });
  },
  async claim(ctx: CommandContext, a: MutationArgs<'ticket.claim'>) {
    const t = await staffTicket(ctx, a.ticketId, 'claim');
    await transition(ctx, t, { type: 'claim', userId: ctx.actor.id });
  },
  async assign(ctx: CommandContext, a: MutationArgs<'ticket.assign'>) {
    const t = await staffTicket(ctx, a.ticketId, 'assign');
    await assertAssignable(ctx.w, a.assigneeId);
    await transition(ctx, t, { type: 'assign', assigneeId: a.assigneeId });
  },
  async reply(ctx: CommandContext, a: MutationArgs<'ticket.reply'>) {
    const t = await staffTicket(ctx, a.ticketId, 'reply');
    const next = await transition(ctx, t, { type: 'staff_reply' });
    const messageId = await insertMessage(ctx.w, { ticketId: t.id, authorUserId: ctx.actor.id, kind: 'staff', body: a.body, clientRef: a.clientRef });
    await emailStaffReply(ctx.w, ctx.publicUrl, t.id, messageId, ctx.actor.name, a.body);
    if (a.close) {
      assertMay(ctx.actor, 'close');
      await transition(ctx, { ...t, ...next, version: t.version + 1 }, { type: 'close', by: 'staff' });
    }
  },
  async note(ctx: CommandContext, a: MutationArgs<'ticket.note'>) {
    const t = await staffTicket(ctx, a.ticketId, 'note');
    await insertMessage(ctx.w, { ticketId: t.id, authorUserId: ctx.actor.id, kind: 'note', body: a.body, clientRef: a.clientRef });
    // A note changes no status, but bumps the ticket so queues show it as updated.
    await transition(ctx, t, { type: 'note' });
  },
  async setPriority(ctx: CommandContext, a: MutationArgs<'ticket.setPriority'>) {
    const t = await staffTicket(ctx, a.ticketId, 'set_priority');
    await transition(ctx, t, { type: 'set_priority', priority: a.priority });
    await refreshStanding(ctx.w, t.accountId);
  },
  async setHotRush(ctx: CommandContext, a: MutationArgs<'ticket.setHotRush'>) {
    const t = await staffTicket(ctx, a.ticketId, 'set_hot_rush');
    await transition(ctx, t, { type: 'set_hot_rush', hotRush: a.hotRush });
  },
  async close(ctx: CommandContext, a: MutationArgs<'ticket.close'>) {
    const t = await staffTicket(ctx, a.ticketId, 'close');
    await transition(ctx, t, { type: 'close', by: 'staff' });
  },
  async reopen(ctx: CommandContext, a: MutationArgs<'ticket.reopen'>) {
    const t = await staffTicket(ctx, a.ticketId, 'reopen');
    await transition(ctx, t, { type: 'reopen', by: 'staff' });
  },
  async merge(ctx: CommandContext, a: MutationArgs<'ticket.merge'>) {
    assertMay(ctx.actor, 'merge');
    if (a.ticketId === a.intoTicketId) throw new ApiError(400, 'merge_into_itself', 'a ticket cannot be merged into itself', 'args.intoTicketId');
    // Lock both in id order so two opposite merges cannot deadlock.
    const [first, second] = [a.ticketId, a.intoTicketId].sort((x, y) => x - y) as [number, number];
    const locked = new Map<number, TicketRow>();
    for (const id of [first, second]) locked.set(id, await lockTicket(ctx.w, { id }));
    const from = locked.get(a.ticketId)!;
    const into = locked.get(a.intoTicketId)!;
    assertStaffSees(ctx.actor, from);
    assertStaffSees(ctx.actor, into);
    if (from.accountId !== into.accountId) throw new ApiError(409, 'different_accounts', 'only tickets of the same account can be merged', 'args.intoTicketId');
    const target = decide(into, { type: 'receive_merge' }, ctx.w.now, ctx.settings);
    if (!target.ok) throw conflict(target.code, target.reason, 'args.intoTicketId');
    await transition(ctx, from, { type: 'merge_away', targetId: into.id });
    for (const [table, entity] of [['ticket_messages', 'message'], ['attachments', 'attachment']] as const) {
      const moved = table === 'ticket_messages' ? ', moved_from_ticket_id = $1' : '';
      await ctx.w.query(`UPDATE ${table} SET ticket_id = $2${moved}, version = version + 1 WHERE ticket_id = $1`, [from.id, into.id]);
      const lost = ticketScopes(from).filter((s) => !ticketScopes(into).includes(s));
      ctx.w.changedWhere(entity, 't.ticket_id = $1', [into.id]);
      ctx.w.changedWhere(entity, 't.ticket_id = $1', [into.id], { op: 'delete', scopes: lost });
    }
    await transition(ctx, into, { type: 'receive_merge' });
  },
  async split(ctx: CommandContext, a: MutationArgs<'ticket.split'>) {
    const t = await staffTicket(ctx, a.ticketId, 'split');
    const [m] = await ctx.w.query<{ id: number; kind: string; body: string }>('SELECT id, kind, body FROM ticket_messages WHERE id = $1 AND ticket_id = $2 FOR UPDATE', [a.messageId, t.id]);
    if (!m) throw new ApiError(400, 'unknown_message', `message ${a.messageId} is not part of this ticket`, 'args.messageId');
    if (m.kind === 'note') throw new ApiError(400, 'cannot_split_note', 'an internal note cannot become a ticket of its own', 'args.messageId');
    const decision = decide(t, { type: 'split_from' }, ctx.w.now, ctx.settings);
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
    await ctx.w.query('UPDATE ticket_messages SET ticket_id = $2, moved_from_ticket_id = $3, version = version + 1 WHERE id = $1', [m.id, newId, t.id]);
    ctx.w.changed('message', m.id);
    ctx.w.changedWhere('message', 't.id = $1', [m.id], { op: 'delete', scopes: ticketScopes(t).filter((s) => s !== 'tickets') });
    await transition(ctx, t, { type: 'split_from' });
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

export async function insertTicket(ctx: CommandContext, n: NewTicket): Promise<number> {
  const state = newTicketState({ type: n.type, priority: n.priority, hotRush: n.hotRush, departmentId: n.departmentId }, ctx.w.now);
  const [acc] = await ctx.w.query<{ adj: number }>('SELECT standing_adjustment AS adj FROM accounts WHERE id = $1', [n.accountId]);
  if (!acc) throw notFound(`account ${n.accountId}`);
  const [row] = await ctx.w.query<{ id: number }>(
    `INSERT INTO tickets (account_id, author_user_id, type, subject, license_id, product_version, priority, hot_rush, status,
                          department_id, score, clock_started_at, due_at, split_from_id, follow_up_of_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
    [
      n.accountId, n.authorUserId, n.type, n.subject, n.licenseId ?? null, n.productVersion ?? '', n.priority, n.hotRush, state.status,
      n.departmentId, basePriorityScore[n.priority] + acc.adj, state.clockStartedAt, ticketDueAt(state, ctx.settings),
      n.splitFromId ?? null, n.followUpOfId ?? null, ctx.w.now,
    ],
  );
  ctx.w.changed('ticket', row!.id);
  if (n.hotRush) await notifyConsoles(ctx.w, 'hotrush', row!.id);
  return row!.id;
}
