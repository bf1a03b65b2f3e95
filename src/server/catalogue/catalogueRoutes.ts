/**
 * The catalogue's routes: the public list of what is sold ("List of available Products and
 * Services", visitors too), the admin's whole catalogue with price histories (the console's
 * Catalogue screen; changes are pushed mutations, catalogueCommands.ts), a primary user's
 * "Order online" form, a visitor's order that opens an account (guestOrder.ts), and the
 * account's current hosting plan for the change page.
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
import { clearReferralCookie, referralOf } from '../affiliates/referralCookie';
import { guestOrderAttempts, limitAttempt } from '../auth/attemptLimiter';
import { deleteSession, originOf, userForToken } from '../auth/sessions';
import { cookieToken, setSessionCookie } from '../portal/browserSession';
import { GuestOrderForm, GuestOrderPlaced } from '../../shared/catalogue/guestOrder';
import { earlierGuestInvoice, placeGuestOrder } from './guestOrder';

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
      method: 'POST', url: '/api/portal/orders/guest', tag, access: 'public', csrf: true,
      summary: 'Order a catalogue item online without an account (opens the account, issues its invoice at once, signs the visitor in)',
      body: GuestOrderForm, response: GuestOrderPlaced,
      handler: async ({ body, request, reply }) => {
        const now = ctx.clock.now();
        const previous = cookieToken(request);
        const signedIn = previous ? await userForToken(ctx.db, previous, now) : null;
        // The same form again from the browser its order signed in (a retry after a lost answer): the invoice it issued then.
        const earlier = signedIn?.accountId ? await earlierGuestInvoice(ctx.db, signedIn.accountId, body.orderKey) : null;
        if (earlier !== null) return { invoiceId: earlier, created: false, linkSentTo: signedIn!.email };
        const origin = originOf(request);
        // Counted before anything is looked at: the answer tells whether an address has an account (the accounts opened are counted in the order's transaction).
        await limitAttempt(ctx.db, guestOrderAttempts(origin.ip).address, now, 'orders without an account from this address');
        const referral = referralOf(request);
        const placed = await placeGuestOrder((fn) => write(ctx.db, now, fn), publicUrlOf(ctx.config), body, origin, referral);
        // A new session, as at sign-in: one planted before is worth nothing.
        if (previous) await deleteSession(ctx.db, previous);
        setSessionCookie(reply, ctx.config, placed.session.token, placed.session.expiresAt);
        if (referral) clearReferralCookie(reply, ctx.config);
        return { invoiceId: placed.invoiceId, created: placed.created, linkSentTo: body.email };
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
