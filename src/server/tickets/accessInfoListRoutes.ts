/**
 * Access info posted to a ticket, as its page lists it: when and by whom, never the text
 * (stored encrypted, read only by staff). The posting itself is in customerRoutes.ts.
 */
import { AccessInfoList, TicketNumberParams } from '../../shared/api/customerTickets';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';

const customers = ['customer.primary', 'customer.secondary'] as const;

export function accessInfoListRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/:number/access-info', tag: 'Customer tickets', access: customers,
      summary: 'List when access info was posted to an own ticket and by whom (never the text)',
      params: TicketNumberParams, response: AccessInfoList,
      handler: async ({ user, params }) => {
        const [t] = await ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1 AND account_id = $2', [params.number, user.accountId]);
        if (!t) throw notFound(`ticket #${params.number}`);
        const accessInfos = await ctx.db.query(
          `SELECT a.id, a.created_at AS "createdAt", u.name AS "createdByName"
             FROM access_infos a JOIN users u ON u.id = a.created_by WHERE a.ticket_id = $1 ORDER BY a.created_at, a.id`,
          [t.id],
        );
        return { accessInfos };
      },
    }),
  ];
}
