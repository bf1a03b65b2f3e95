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
import { lifecycleSettings } from '../config/settings';
import { ApiError, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { write } from '../sync/changeLog';
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

export const ticketColumns = `t.number, t.type, t.subject, t.status, t.priority, t.hot_rush AS "hotRush", t.cost, t.charged_points AS "chargedPoints",
  t.license_id AS "licenseId", t.product_version AS "productVersion", f.number AS "followUpOfNumber", mi.number AS "mergedIntoNumber",
  t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.closed_at AS "closedAt"`;
export const ticketFrom = `tickets t LEFT JOIN tickets f ON f.id = t.follow_up_of_id LEFT JOIN tickets mi ON mi.id = t.merged_into_id`;

async function customerTicket(ctx: ServerContext, user: SessionUser, number: number) {
  const [row] = await ctx.db.query<z.infer<typeof CustomerTicket>>(`SELECT ${ticketColumns} FROM ${ticketFrom} WHERE t.number = $1 AND t.account_id = $2`, [number, user.accountId]);
  if (!row) throw notFound(`ticket #${number}`);
  const messages = await ctx.db.query(
    `SELECT m.id, m.kind, u.name AS "authorName", m.body, m.created_at AS "createdAt"
       FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id LEFT JOIN users u ON u.id = m.author_user_id
      WHERE t.number = $1 AND m.kind <> 'note' ORDER BY m.created_at, m.id`,
    [number],
  );
  const facts = await customerTicketFacts(ctx.db, user.accountId!, number, ctx.clock.now());
  if (!facts) throw notFound(`ticket #${number}`);
  return { ...row, messages, ...facts };
}

/** Runs one customer action on one of its own tickets, decided by the shared state machine. */
async function onOwnTicket(ctx: ServerContext, user: SessionUser, number: number, fn: (c: CommandContext, t: Awaited<ReturnType<typeof lockTicket>>) => Promise<void>) {
  const settings = await lifecycleSettings(ctx.db);
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
        const settings = await lifecycleSettings(ctx.db);
        const number = await write(ctx.db, ctx.clock.now(), async (w) => {
          if (body.licenseId) {
            const own = await w.query('SELECT 1 FROM licenses WHERE id = $1 AND account_id = $2', [body.licenseId, user.accountId]);
            if (!own.length) throw new ApiError(400, 'unknown_license', 'the license is not one of your account\'s licenses', 'body.licenseId');
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
        const settings = await lifecycleSettings(ctx.db);
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
          await w.query('INSERT INTO access_infos (ticket_id, ciphertext, iv, auth_tag, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
            t.id, sealed.ciphertext, sealed.iv, sealed.authTag, user.id, w.now,
          ]);
          await recordAudit(w, { actorUserId: user.id, action: 'access_info.post', entity: 'ticket', entityId: t.id, at: w.now });
        });
        reply.code(201);
        return { stored: true as const };
      },
    }),
  ];
}
