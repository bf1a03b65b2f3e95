/**
 * Access info posted to a ticket, as its page lists it: when and by whom, never the text
 * (stored encrypted, read only by staff). The posting itself is in customerRoutes.ts.
 */
import { AccessInfoList, TicketNumberParams } from '../../shared/api/customerTickets';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { queryBuilder } from '../db/queryBuilder';

const customers = ['customer.primary', 'customer.secondary'] as const;

export function accessInfoListRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/:number/access-info', tag: 'Customer tickets', access: customers,
      summary: 'List when access info was posted to an own ticket and by whom (never the text)',
      params: TicketNumberParams, response: AccessInfoList,
      handler: async ({ user, params }) => {
        const db = queryBuilder(ctx.db);
        const t = await db.selectFrom('tickets').select('id').where('number', '=', params.number).where('accountId', '=', user.accountId!).executeTakeFirst();
        if (!t) throw notFound(`ticket #${params.number}`);
        const accessInfos = await db
          .selectFrom('accessInfos as a')
          .innerJoin('users as u', 'u.id', 'a.createdBy')
          .select(['a.id', 'a.createdAt', 'u.name as createdByName'])
          .where('a.ticketId', '=', t.id)
          .orderBy('a.createdAt')
          .orderBy('a.id')
          .execute();
        return { accessInfos };
      },
    }),
  ];
}
