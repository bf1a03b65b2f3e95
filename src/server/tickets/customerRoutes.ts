/**
 * The customer's side of the message board (the seed's "Communication center"): create,
 * read, answer, close, reopen, change priority/HotRush and post access info. Primary and
 * secondary users alike; each sees only its own account's tickets.
 */
import { recordAudit } from '../audit/auditLog';
import { z } from 'zod';
import {
  AccessInfoBody, CreateTicketBody, CustomerTicket, CustomerTicketDetail, PostMessageBody, PostMessageResponse, TicketNumberParams,
  UpdateTicketBody,
} from '../../shared/api/customerTickets';
import { refreshStanding } from '../accounts/standing';
import { publicUrlOf } from '../config/serverConfig';
import { ApiError, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { write } from '../sync/changeLog';
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import type { ServerContext } from '../serverContext';
import type { SessionUser } from '../auth/sessions';
import type { TicketAction } from '../../shared/tickets/lifecycle';
import { transition, type CommandContext } from './ticketCommands';
import { describePeriod } from '../lifecycle/describePeriod';
import { customerTicketFacts } from './customerTicketFacts';
import { createCustomerTicket, postCustomerMessage } from './customerMessage';
import { lockTicket } from './ticketStore';
import type { TransitionEnv } from './transitionEffects';
import type { ChangeWriter } from '../sync/changeLog';
import type { LifecycleSettings } from '../../shared/domain/model';

const customers = ['customer.primary', 'customer.secondary'] as const;
const tag = 'Customer tickets';

/** The customer's columns of a ticket (`t`), with the ticket it follows up (`f`) and the one it was merged into (`mi`). */
export const customerTicketColumns = [
  't.number', 't.type', 't.subject', 't.status', 't.priority', 't.hotRush', 't.cost', 't.chargedPoints', 't.licenseId', 't.productVersion',
  'f.number as followUpOfNumber', 'mi.number as mergedIntoNumber', 't.createdAt', 't.updatedAt', 't.closedAt',
] as const;

export const customerTicketRows = (q: Queryable) =>
  queryBuilder(q)
    .selectFrom('tickets as t')
    .leftJoin('tickets as f', 'f.id', 't.followUpOfId')
    .leftJoin('tickets as mi', 'mi.id', 't.mergedIntoId')
    .select(customerTicketColumns)
    // The columns' CHECK constraints hold them to these unions.
    .$narrowType<Pick<z.infer<typeof CustomerTicket>, 'status' | 'type' | 'priority'>>();

async function customerTicket(ctx: ServerContext, user: SessionUser, number: number) {
  const row = await customerTicketRows(ctx.db).where('t.number', '=', number).where('t.accountId', '=', user.accountId!).executeTakeFirst();
  if (!row) throw notFound(`ticket #${number}`);
  const messages = await queryBuilder(ctx.db)
    .selectFrom('ticketMessages as m')
    .innerJoin('tickets as t', 't.id', 'm.ticketId')
    .leftJoin('users as u', 'u.id', 'm.authorUserId')
    .select(['m.id', 'm.kind', 'u.name as authorName', 'm.body', 'm.createdAt'])
    .where('t.number', '=', number)
    .where('m.kind', '<>', 'note')
    .orderBy('m.createdAt')
    .orderBy('m.id')
    .$narrowType<{ kind: 'customer' | 'staff' }>()
    .execute();
  const facts = await customerTicketFacts(ctx.db, user.accountId!, number, ctx.clock.now(), await ctx.settings.lifecycle());
  if (!facts) throw notFound(`ticket #${number}`);
  return { ...row, messages, ...facts };
}

/** Runs one customer action on one of its own tickets, decided by the shared state machine. */
async function onOwnTicket(ctx: ServerContext, user: SessionUser, number: number, fn: (c: CommandContext, t: Awaited<ReturnType<typeof lockTicket>>) => Promise<void>) {
  const settings = await ctx.settings.lifecycle();
  await write(ctx.db, ctx.clock.now(), async (w) => {
    const t = await lockTicket(w, { number });
    if (t.accountId !== user.accountId) throw notFound(`ticket #${number}`);
    await fn({ w, actor: user, settings, publicUrl: publicUrlOf(ctx.config) }, t);
  });
  return customerTicket(ctx, user, number);
}

const customerEnv = (ctx: ServerContext, w: ChangeWriter, user: SessionUser, settings: LifecycleSettings): TransitionEnv => ({
  w, settings, publicUrl: publicUrlOf(ctx.config), actorId: user.id,
});

async function decideAndSave(c: CommandContext, t: Awaited<ReturnType<typeof lockTicket>>, action: TicketAction): Promise<void> {
  await transition(c, t, action);
}

export function customerTicketRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    // GET /api/customer/tickets (list, filters, search): ticketIndexRoutes.ts
    defineRoute({
      method: 'POST', url: '/api/customer/tickets', tag, access: customers, summary: 'Create a ticket',
      body: CreateTicketBody, response: CustomerTicketDetail,
      handler: async ({ user, body, reply }) => {
        const settings = await ctx.settings.lifecycle();
        const number = await write(ctx.db, ctx.clock.now(), async (w) => {
          const db = queryBuilder(w.tx);
          if (body.licenseId) {
            const own = await db.selectFrom('licenses').select(sql.lit(1).as('one')).where('id', '=', body.licenseId).where('accountId', '=', user.accountId!).executeTakeFirst();
            if (!own) throw new ApiError(400, 'unknown_license', 'the license is not one of your account\'s licenses', 'body.licenseId');
          }
          const created = await createCustomerTicket(customerEnv(ctx, w, user, settings), {
            accountId: user.accountId!, authorUserId: user.id, via: 'web', type: body.type, subject: body.subject, priority: body.priority,
            hotRush: body.hotRush, licenseId: body.licenseId ?? null, productVersion: body.productVersion, body: body.body,
          });
          return created.number;
        });
        reply.code(201);
        return customerTicket(ctx, user, number);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/:number', tag, access: customers, summary: 'Read an own ticket with its conversation',
      params: TicketNumberParams, response: CustomerTicketDetail,
      handler: ({ user, params }) => customerTicket(ctx, user, params.number),
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/tickets/:number/messages', tag, access: customers, summary: 'Post a message to an own open ticket',
      params: TicketNumberParams, body: PostMessageBody, response: PostMessageResponse,
      handler: async ({ user, params, body, reply }) => {
        const settings = await ctx.settings.lifecycle();
        const followUp = await write(ctx.db, ctx.clock.now(), async (w) => {
          const t = await lockTicket(w, { number: params.number });
          if (t.accountId !== user.accountId) throw notFound(`ticket #${params.number}`);
          const posted = await postCustomerMessage(customerEnv(ctx, w, user, settings), t, { authorUserId: user.id, body: body.body, via: 'web' }, { reopenClosed: false });
          return posted.followUpOf === null ? null : posted;
        });
        if (!followUp) return customerTicket(ctx, user, params.number);
        reply.code(201).header('location', `/api/customer/tickets/${followUp.number}`);
        return {
          ...(await customerTicket(ctx, user, followUp.number)),
          notice: `Ticket #${params.number} was closed more than ${describePeriod(settings.reopenWindowMs)} ago and can no longer be reopened, so your message started a new ticket #${followUp.number}, a follow-up to #${params.number}.`,
        };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/tickets/:number/close', tag, access: customers, summary: 'Close an own ticket',
      params: TicketNumberParams, response: CustomerTicketDetail,
      handler: ({ user, params }) => onOwnTicket(ctx, user, params.number, (c, t) => decideAndSave(c, t, { type: 'close', by: 'customer' })),
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/tickets/:number/reopen', tag, access: customers, summary: 'Reopen an own closed ticket within the reopen window',
      params: TicketNumberParams, response: CustomerTicketDetail,
      handler: ({ user, params }) => onOwnTicket(ctx, user, params.number, (c, t) => decideAndSave(c, t, { type: 'reopen', by: 'customer' })),
    }),
    defineRoute({
      method: 'PATCH', url: '/api/customer/tickets/:number', tag, access: customers, summary: 'Change the priority or HotRush of an own ticket',
      params: TicketNumberParams, body: UpdateTicketBody, response: CustomerTicketDetail,
      handler: ({ user, params, body }) =>
        onOwnTicket(ctx, user, params.number, async (c, t) => {
          let state = t;
          if (body.priority !== undefined) {
            await decideAndSave(c, state, { type: 'set_priority', priority: body.priority });
            state = await lockTicket(c.w, { id: t.id });
          }
          if (body.hotRush !== undefined) await decideAndSave(c, state, { type: 'set_hot_rush', hotRush: body.hotRush });
          if (body.priority !== undefined) await refreshStanding(c.w, t.accountId);
        }),
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/tickets/:number/access-info', tag, access: customers, summary: 'Post access info for an own ticket',
      params: TicketNumberParams, body: AccessInfoBody, response: z.object({ stored: z.literal(true) }),
      handler: async ({ user, params, body, reply }) => {
        await write(ctx.db, ctx.clock.now(), async (w) => {
          const t = await lockTicket(w, { number: params.number });
          if (t.accountId !== user.accountId) throw notFound(`ticket #${params.number}`);
          const sealed = ctx.accessInfo.seal(body.text);
          await queryBuilder(w.tx).insertInto('accessInfos').values({ ticketId: t.id, ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.authTag, createdBy: user.id, createdAt: w.now }).execute();
          await recordAudit(w.tx, { actorUserId: user.id, action: 'access_info.post', entity: 'ticket', entityId: t.id, accountId: t.accountId, at: w.now });
          // The ticket's row carries hasAccessInfo: consoles learn of the post at once.
          w.changed('ticket', t.id);
        });
        reply.code(201);
        return { stored: true as const };
      },
    }),
  ];
}
