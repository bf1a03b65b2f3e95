/**
 * GET /api/staff/accounts/:accountId/private: an account's points ledger and certificates for
 * the staff who may read them (billing and admins, or the staff of one of the account's
 * tickets: staffReadsAccountPrivateData), so that an engineer working a ticket sees them
 * without every engineer's cache holding every account's.
 */
import { AccountPrivateData } from '../../shared/api/accountPrivateData';
import { AccountIdParams } from '../../shared/api/files';
import { staffRoles } from '../../shared/domain/model';
import { queryBuilder } from '../db/queryBuilder';
import { notFound, notYours } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { staffReadsAccountPrivateData } from '../tickets/ticketAccess';

export function accountPrivateRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/staff/accounts/:accountId/private', tag: 'Staff accounts', access: staffRoles,
      summary: "Read an account's points ledger and license certificates (billing, admins, or the staff of one of the account's tickets)",
      params: AccountIdParams, response: AccountPrivateData,
      handler: async ({ user, params }) => {
        const q = queryBuilder(ctx.db);
        const account = await q.selectFrom('accounts').select('id').where('id', '=', params.accountId).executeTakeFirst();
        if (!account) throw notFound(`account ${params.accountId}`);
        if (!(await staffReadsAccountPrivateData(ctx.db, user, account.id))) {
          throw notYours("an account's ledger and certificates are for billing and admins, or the staff of one of that account's tickets");
        }
        const [ledger, licenses] = await Promise.all([
          q.selectFrom('ledgerEntries').select(['id', 'kind', 'points', 'reason', 'ticketId', 'createdAt']).where('accountId', '=', account.id).orderBy('createdAt', 'desc').orderBy('id', 'desc').execute(),
          q.selectFrom('licenses').select(['id', 'certificate']).where('accountId', '=', account.id).where('certificate', '<>', '').execute(),
        ]);
        return { ledger, certificates: Object.fromEntries(licenses.map((l) => [String(l.id), l.certificate])) };
      },
    }),
  ];
}
