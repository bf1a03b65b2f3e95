/**
 * The customer's invoices and orders, and the payment provider's callback. Paying an invoice
 * happens at the provider; its signed callback (POST /api/payments/callback) marks the
 * invoice paid and makes the order. Outside production the fake provider's checkout
 * (POST /api/payments/fake/checkout) stands in for the provider's page: it signs the same
 * callback the real one would and sends it through the same verification.
 */
import { z } from 'zod';
import { InvoiceList, LedgerPage, LedgerQuery, OneInvoice, OrderList, PayAnswer, PaymentAnswer, ledgerPageSize } from '../../shared/api/billing';
import { FakeCheckoutBody, InvoiceParams } from '../../shared/api/customerAccount';
import { decideInvoice } from '../../shared/billing/billingDecisions';
import { InvoiceStatus } from '../../shared/billing/billingStatuses';
import { queryBuilder, sql } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { enforceDecision } from './enforceDecision';
import { recordPayment } from './invoices';
import { PaymentCallback } from './paymentProvider';
import { publicUrlOf } from '../config/serverConfig';
import { assertStillSold } from '../catalogue/onlineOrder';

const tag = 'Customer billing';
export const primaryOnly = ['customer.primary'] as const;
/** Secondary users have the message board and the FAQ only (the seed's help page). */
export const secondaryRefusal = {
  'customer.secondary': 'secondary users have the message board and the FAQ only; ask your account\'s primary user for licenses, files, invoices and orders',
} as const;

const invoiceColumns = ['id', 'description', 'amountCents', 'currency', 'items', 'status', 'issuedAt', 'paidAt'] as const;

export function billingRoutes(ctx: ServerContext): RouteSpec[] {
  const receive = (callback: z.infer<typeof PaymentCallback>) => {
    const event = ctx.payments.verify(callback);
    return write(ctx.db, ctx.clock.now(), (w) => recordPayment(w, ctx.payments.name, event));
  };
  /**
   * The account's invoice, checked before the customer is sent to pay it: unpaid, and its
   * catalogue items still sold. Only checks: it becomes paid when the provider's callback arrives.
   */
  const payable = async (accountId: number, invoiceId: number) => {
    const inv = await queryBuilder(ctx.db).selectFrom('invoices').select(['id', 'status', 'items', 'description', 'amountCents', 'currency']).where('id', '=', invoiceId).where('accountId', '=', accountId).executeTakeFirst();
    if (!inv) throw notFound(`invoice ${invoiceId}`);
    enforceDecision(decideInvoice({ id: inv.id, status: InvoiceStatus.parse(inv.status) }, 'pay'));
    await assertStillSold(ctx.db, inv);
    return inv;
  };
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/invoices', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'List own invoices',
      response: InvoiceList,
      handler: async ({ user }) => ({
        invoices: await queryBuilder(ctx.db).selectFrom('invoices').select(invoiceColumns).where('accountId', '=', user.accountId).orderBy('issuedAt', 'desc').orderBy('id', 'desc').execute(),
      }),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/invoices/:invoiceId', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'Read one own invoice',
      params: InvoiceParams, response: OneInvoice,
      handler: async ({ user, params }) => {
        const invoice = await queryBuilder(ctx.db).selectFrom('invoices').select(invoiceColumns).where('id', '=', params.invoiceId).where('accountId', '=', user.accountId).executeTakeFirst();
        if (!invoice) throw notFound(`invoice ${params.invoiceId}`);
        return { invoice };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/invoices/:invoiceId/pay', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'Start paying an invoice',
      params: InvoiceParams, response: PayAnswer,
      handler: async ({ user, params }) => {
        const inv = await payable(user.accountId!, params.invoiceId);
        if (ctx.stripe) {
          const back = `${publicUrlOf(ctx.config)}/invoices`;
          const redirectUrl = await ctx.stripe.checkoutUrl(inv, { success: `${back}?paid=${inv.id}`, cancel: `${back}?cancelled=${inv.id}` });
          return { provider: ctx.stripe.name, checkout: null, redirectUrl };
        }
        return { provider: ctx.payments.name, checkout: ctx.payments.name === 'fake' ? { method: 'POST', url: '/api/payments/fake/checkout', body: { invoiceId: params.invoiceId } } : null, redirectUrl: null };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/orders', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'List own orders',
      response: OrderList,
      handler: async ({ user }) => ({
        orders: await queryBuilder(ctx.db)
          .selectFrom('orders')
          .select(['id', 'invoiceId', 'items', 'status', 'rejectReason', 'createdAt', 'decidedAt'])
          .where('accountId', '=', user.accountId)
          .orderBy('createdAt', 'desc')
          .orderBy('id', 'desc')
          .execute(),
      }),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/ledger', tag, access: primaryOnly, refusals: secondaryRefusal,
      summary: 'Read the support points balance and one page of the ledger, newest first',
      query: LedgerQuery, response: LedgerPage,
      handler: async ({ user, query }) => {
        const sum = await queryBuilder(ctx.db)
          .selectFrom('ledgerEntries')
          .select([sql<number>`coalesce(sum(points), 0)::int`.as('balance'), sql<number>`count(*)::int`.as('total')])
          .where('accountId', '=', user.accountId)
          .executeTakeFirstOrThrow();
        // A ticket is linked only while it is the account's own (a charge always is; this keeps another account's number out).
        const entries = await queryBuilder(ctx.db)
          .selectFrom('ledgerEntries as l')
          .leftJoin('tickets as t', (j) => j.onRef('t.id', '=', 'l.ticketId').onRef('t.accountId', '=', 'l.accountId'))
          .leftJoin('licenses as li', 'li.id', 'l.licenseId')
          .select(['l.id', 'l.kind', 'l.points', 'l.reason', 'l.createdAt', 't.number as ticketNumber', 'li.key as licenseKey', 'l.orderId'])
          .where('l.accountId', '=', user.accountId)
          .orderBy('l.createdAt', 'desc')
          .orderBy('l.id', 'desc')
          .limit(ledgerPageSize)
          .offset((query.page - 1) * ledgerPageSize)
          .execute();
        return { balance: sum.balance, total: sum.total, page: query.page, pageSize: ledgerPageSize, entries };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/payments/callback', tag: 'Payments', access: 'public', summary: 'Payment provider callback (signed)',
      body: PaymentCallback,
      handler: ({ body }) => receive(body),
    }),
    defineRoute({
      method: 'POST', url: '/api/payments/stripe/webhook', tag: 'Payments', access: 'public', summary: 'Stripe webhook (signed; checkout.session.completed)',
      jsonText: true, body: z.string().max(1_000_000),
      handler: async ({ body, request }) => {
        if (!ctx.stripe) throw notFound('Stripe Checkout (not configured on this server)');
        const signature = request.headers['stripe-signature'];
        const event = ctx.stripe.paymentOf(body, typeof signature === 'string' ? signature : undefined);
        // Another event type, or a session not paid yet: acknowledged, so Stripe does not resend it.
        if (!event) return { received: true };
        const stripe = ctx.stripe;
        return { received: true, ...(await write(ctx.db, ctx.clock.now(), (w) => recordPayment(w, stripe.name, event))) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/payments/fake/checkout', tag: 'Payments', access: primaryOnly, refusals: secondaryRefusal,
      summary: 'Pay an invoice at the fake payment provider (demo and tests; not in production)',
      body: FakeCheckoutBody, response: PaymentAnswer,
      handler: async ({ user, body }) => {
        if (ctx.payments.name !== 'fake') throw notFound('the fake payment provider (a real provider is configured)');
        const inv = await queryBuilder(ctx.db).selectFrom('invoices').select(['id', 'amountCents', 'currency', 'status', 'items']).where('id', '=', body.invoiceId).where('accountId', '=', user.accountId).executeTakeFirst();
        if (!inv) throw notFound(`invoice ${body.invoiceId}`);
        // A settled invoice goes on to the callback (which answers already_settled); a retired item is not charged.
        if (inv.status === 'unpaid') await assertStillSold(ctx.db, inv);
        const now = ctx.clock.now();
        const transactionId = `fake-${body.invoiceId}-${now}`;
        return receive(ctx.payments.sign({ transactionId, invoiceId: body.invoiceId, amountCents: inv.amountCents, currency: inv.currency, paidAt: now }));
      },
    }),
  ];
}
