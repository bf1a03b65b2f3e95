/**
 * The catalogue's routes: the public list of what is sold ("List of available Products and
 * Services", visitors too), the admin's whole catalogue with price histories (the console's
 * Catalogue screen; changes are pushed mutations, catalogueCommands.ts), a primary user's
 * "Order online" form, and the account's current hosting plan for the change page.
 */
import { AdminCatalogue, CatalogueList } from '../../shared/catalogue/catalogue';
import { CurrentHosting } from '../../shared/catalogue/hostingChange';
import { OrderForm, OrderPlaced } from '../../shared/catalogue/orderForm';
import { OrderItem } from '../../shared/billing/orderItems';
import { publicUrlOf } from '../config/serverConfig';
import { queryBuilder } from '../db/queryBuilder';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { admins } from '../staff/staffRoutes';
import { write } from '../sync/changeLog';
import { primaryOnly, secondaryRefusal } from '../billing/billingRoutes';
import { readAdminCatalogue, readCatalogue } from './catalogueStore';
import { placeOnlineOrder } from './onlineOrder';
import { keepReferral } from '../affiliates/referralAtSignIn';

const tag = 'Catalogue';

export function catalogueRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/catalogue', tag, access: 'public', summary: 'List the products and services on sale',
      response: CatalogueList,
      handler: async () => ({ items: await readCatalogue(ctx.db, { activeOnly: true }) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/admin/catalogue', tag, access: admins, summary: 'Read the whole catalogue with price histories',
      response: AdminCatalogue,
      handler: () => readAdminCatalogue(ctx.db),
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/orders/online', tag, access: primaryOnly, refusals: secondaryRefusal,
      summary: 'Order a catalogue item online (issues its invoice at once)',
      body: OrderForm, response: OrderPlaced,
      handler: async ({ user, body, request, reply }) => {
        // A referral the browser still carries when it orders (normally recorded at sign-in already) is recorded first, so this order counts.
        await keepReferral(ctx, request, reply, user);
        return write(ctx.db, ctx.clock.now(), (w) => placeOnlineOrder(w, publicUrlOf(ctx.config), user.accountId!, body));
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/hosting', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'Read the account\'s current hosting plan',
      response: CurrentHosting,
      handler: async ({ user }) => {
        const orders = await queryBuilder(ctx.db)
          .selectFrom('orders')
          .select(['id', 'items', 'decidedAt', 'createdAt'])
          .where('accountId', '=', user.accountId!)
          .where('status', '=', 'verified')
          .orderBy('decidedAt', 'desc')
          .orderBy('id', 'desc')
          .limit(200)
          .execute();
        for (const o of orders) {
          const hosting = OrderItem.array().parse(o.items).find((i) => i.type === 'hosting');
          if (hosting?.type === 'hosting') return { current: { plan: hosting.plan, months: hosting.months, orderId: o.id, since: o.decidedAt ?? o.createdAt } };
        }
        return { current: null };
      },
    }),
  ];
}
