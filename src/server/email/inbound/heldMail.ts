/**
 * The dispatchers' queue of held mail: read it, and decide each one (pushed mutations, in the
 * push's transaction): file it into a ticket, start a ticket on an account with it, or discard
 * it. A decision is final; the second of two racing dispatchers is told it was decided.
 * Filing goes through the portal's customer-message rules, like any mail.
 */
import { HeldMailList } from '../../../shared/api/heldMail';
import type { MutationArgs, MutationName } from '../../../shared/sync/protocol';
import { recordAudit } from '../../audit/auditLog';
import { queryBuilder } from '../../db/queryBuilder';
import { ApiError, conflict, notFound } from '../../http/errors';
import { permitted } from '../../tickets/ticketAccess';
import { defineRoute, type RouteSpec } from '../../http/routes';
import type { ServerContext } from '../../serverContext';
import { createCustomerTicket, postCustomerMessage } from '../../tickets/customerMessage';
import type { CommandContext } from '../../tickets/ticketCommands';
import { lockTicket } from '../../tickets/ticketStore';
import { attachToMessage, type StoredAttachment } from './ingest';
import { tellHeldMailChanged } from './heldMailNotice';
import { senderUser } from './route';

export function heldMailRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/staff/held-mails', tag: 'Held mail', access: ['staff.dispatcher', 'staff.admin'],
      summary: 'The held inbound mail waiting for a dispatcher, oldest first',
      response: HeldMailList,
      handler: async () => {
        const rows = await queryBuilder(ctx.db)
          .selectFrom('heldMails as h')
          .leftJoin('users as u', (j) => j.on((eb) => eb(eb.fn('lower', ['u.email']), '=', eb.ref('h.sender'))).on('u.role', 'like', 'customer.%'))
          .select(['h.id', 'h.sender', 'h.subject', 'h.reason', 'h.body', 'h.attachments', 'h.createdAt', 'u.accountId as senderAccountId'])
          .where('h.state', '=', 'held')
          .orderBy('h.createdAt').orderBy('h.id')
          .limit(500)
          .execute();
        return {
          heldMails: rows.map((r) => ({
            ...r,
            attachments: (r.attachments as StoredAttachment[]).map((a) => ({ fileName: a.fileName, size: a.size })),
            senderAccountId: r.senderAccountId ?? null,
          })),
        };
      },
    }),
  ];
}

async function lockHeld(c: CommandContext, id: number) {
  const row = await queryBuilder(c.w)
    .selectFrom('heldMails').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(`held mail ${id}`);
  if (row.state !== 'held') throw conflict('held_mail_decided', `held mail ${id} was already decided (${row.state})`, 'args.heldMailId');
  return row;
}

async function resolve(c: CommandContext, id: number, state: 'accepted' | 'started' | 'discarded', posted: { ticketId: number; messageId: number } | null): Promise<void> {
  await queryBuilder(c.w)
    .updateTable('heldMails')
    .set((eb) => ({ state, ticketId: posted?.ticketId ?? null, resolvedBy: c.actor.id, resolvedAt: c.w.now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  if (posted) {
    await queryBuilder(c.w)
      .updateTable('inboundMails')
      .set({ ticketId: posted.ticketId, messageId: posted.messageId })
      .where('id', '=', (eb) => eb.selectFrom('heldMails').select('inboundMailId').where('id', '=', id))
      .execute();
  }
  await tellHeldMailChanged(c.w);
  await recordAudit(c.w, { actorUserId: c.actor.id, action: `held_mail.${state}`, entity: 'held_mail', entityId: id, details: posted ? { ticketId: posted.ticketId } : undefined, at: c.w.now });
}

/** The sender as the author when it is a user of the account the mail goes to; otherwise nobody (the dispatcher vouched). */
async function authorOn(c: CommandContext, sender: string, accountId: number): Promise<number | null> {
  const user = await senderUser(c.w, sender);
  return user && user.accountId === accountId ? user.id : null;
}

const command = <N extends MutationName>(name: N, run: (c: CommandContext, a: MutationArgs<N>) => Promise<unknown>) => permitted(name, run);

const envOf = (c: CommandContext) => ({ w: c.w, settings: c.settings, publicUrl: c.publicUrl, actorId: c.actor.id });

export const heldMailCommands = {
  accept: command('heldMail.accept', async (c, a) => {
    const h = await lockHeld(c, a.heldMailId);
    let t = await lockTicket(c.w, { id: a.ticketId }).catch(() => {
      throw new ApiError(400, 'unknown_ticket', `ticket ${a.ticketId} does not exist`, 'args.ticketId');
    });
    if (t.mergedIntoId !== null) t = await lockTicket(c.w, { id: t.mergedIntoId });
    const authorUserId = await authorOn(c, h.sender, t.accountId);
    const posted = await postCustomerMessage(envOf(c), t, { authorUserId, body: h.body, via: 'email' }, { reopenClosed: true });
    await attachToMessage(c.w, posted, h.attachments as StoredAttachment[], authorUserId);
    await resolve(c, h.id, 'accepted', posted);
    return { ticketId: posted.ticketId, number: posted.number };
  }),
  startTicket: command('heldMail.startTicket', async (c, a) => {
    const h = await lockHeld(c, a.heldMailId);
    const account = await queryBuilder(c.w).selectFrom('accounts').select('id').where('id', '=', a.accountId).executeTakeFirst();
    if (!account) throw new ApiError(400, 'unknown_account', `account ${a.accountId} does not exist`, 'args.accountId');
    const authorUserId = await authorOn(c, h.sender, a.accountId);
    const posted = await createCustomerTicket(envOf(c), {
      accountId: a.accountId, authorUserId, body: h.body, via: 'email', type: 'tech', priority: 'normal', hotRush: false,
      subject: (h.subject || '(no subject)').slice(0, 300),
    });
    await attachToMessage(c.w, posted, h.attachments as StoredAttachment[], authorUserId);
    await resolve(c, h.id, 'started', posted);
    return { ticketId: posted.ticketId, number: posted.number };
  }),
  discard: command('heldMail.discard', async (c, a) => {
    const h = await lockHeld(c, a.heldMailId);
    await resolve(c, h.id, 'discarded', null);
  }),
};
