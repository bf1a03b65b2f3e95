/** Staff REST routes beside the sync push: revealing a ticket's access info (audited). */
import { recordAudit } from '../audit/auditLog';
import { z } from 'zod';
import { mayTakeAction } from '../../shared/tickets/permissions';
import { forbidden, notFound, notYours } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { queryBuilder } from '../db/queryBuilder';
import { urlId } from '../../shared/api/urlNumbers';

export function staffTicketRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/staff/tickets/:id/access-info', tag: 'Staff tickets', access: ['staff.engineer', 'staff.admin'],
      summary: 'Reveal the access info of a ticket',
      params: z.strictObject({ id: urlId() }),
      response: z.object({ entries: z.array(z.object({ id: z.number(), text: z.string(), createdAt: z.number() })) }),
      handler: async ({ user, params }) => {
        if (!mayTakeAction(user.role, 'reveal_access_info')) throw forbidden('your role may not reveal access info');
        const db = queryBuilder(ctx.db);
        const t = await db.selectFrom('tickets').select(['assigneeId', 'accountId']).where('id', '=', params.id).executeTakeFirst();
        if (!t) throw notFound(`ticket ${params.id}`);
        // DOMAIN.md: only the assigned engineer or an admin.
        if (user.role !== 'staff.admin' && t.assigneeId !== user.id) throw notYours('only the engineer assigned to this ticket or an admin may reveal its access info');
        const rows = await db.selectFrom('accessInfos').select(['id', 'ciphertext', 'iv', 'authTag', 'createdAt']).where('ticketId', '=', params.id).orderBy('id').execute();
        await recordAudit(ctx.db, { actorUserId: user.id, action: 'access_info.reveal', entity: 'ticket', entityId: params.id, accountId: t.accountId, details: { entries: rows.length }, at: ctx.clock.now() });
        return { entries: rows.map((r) => ({ id: r.id, text: ctx.accessInfo.open({ ciphertext: Buffer.from(r.ciphertext), iv: Buffer.from(r.iv), authTag: Buffer.from(r.authTag) }), createdAt: r.createdAt })) };
      },
    }),
  ];
}
