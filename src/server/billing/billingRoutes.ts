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
import type { InvoiceStatus } from '../../shared/billing/billingStatuses';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { enforceDecision } from './enforceDecision';
import { recordPayment } from './invoices';
import { PaymentCallback } from './paymentProvider';

const tag = 'Customer billing';
export const primaryOnly = ['customer.primary'] as const;
/** Secondary users have the message board and the FAQ only (the seed's help page). */
export const secondaryRefusal = {
  'customer.secondary': 'secondary users have the message board and the FAQ only; ask your account\'s primary user for licenses, files, invoices and orders',
} as const;

const invoiceColumns = `id, description, amount_cents AS "amountCents", currency, items, status, issued_at AS "issuedAt", paid_at AS "paidAt"`;

export function billingRoutes(ctx: ServerContext): RouteSpec[] {
  const receive = (callback: z.infer<typeof PaymentCallback>) => {
    const event = ctx.payments.verify(callback);
    return write(ctx.db, ctx.clock.now(), (w) => recordPayment(w, ctx.payments.name, event));
  };
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/invoices', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'List own invoices',
      response: InvoiceList,
      handler: async ({ user }) => ({
        invoices: await ctx.db.query(`SELECT ${invoiceColumns} FROM invoices WHERE account_id = $1 ORDER BY issued_at DESC, id DESC`, [user.accountId]),
      }),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/invoices/:invoiceId', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'Read one own invoice',
      params: InvoiceParams, response: OneInvoice,
      handler: async ({ user, params }) => {
        const [invoice] = await ctx.db.query(`SELECT ${invoiceColumns} FROM invoices WHERE id = $1 AND account_id = $2`, [params.invoiceId, user.accountId]);
        if (!invoice) throw notFound(`invoice ${params.invoiceId}`);
        return { invoice };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/invoices/:invoiceId/pay', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'Start paying an invoice',
      params: InvoiceParams, response: PayAnswer,
      handler: async ({ user, params }) => {
        const [inv] = await ctx.db.query<{ id: number; status: InvoiceStatus }>('SELECT id, status FROM invoices WHERE id = $1 AND account_id = $2', [params.invoiceId, user.accountId]);
        if (!inv) throw notFound(`invoice ${params.invoiceId}`);
        // Only a check here: the invoice becomes paid when the provider's callback arrives.
        enforceDecision(decideInvoice(inv, 'pay'));
        return { provider: ctx.payments.name, checkout: ctx.payments.name === 'fake' ? { method: 'POST', url: '/api/payments/fake/checkout', body: { invoiceId: params.invoiceId } } : null };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/orders', tag, access: primaryOnly, refusals: secondaryRefusal, summary: 'List own orders',
      response: OrderList,
      handler: async ({ user }) => ({
        orders: await ctx.db.query(
          `SELECT id, invoice_id AS "invoiceId", items, status, reject_reason AS "rejectReason", created_at AS "createdAt", decided_at AS "decidedAt"
             FROM orders WHERE account_id = $1 ORDER BY created_at DESC, id DESC`,
          [user.accountId],
        ),
      }),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/ledger', tag, access: primaryOnly, refusals: secondaryRefusal,
      summary: 'Read the support points balance and one page of the ledger, newest first',
      query: LedgerQuery, response: LedgerPage,
      handler: async ({ user, query }) => {
        const [sum] = await ctx.db.query<{ balance: number; total: number }>(
          'SELECT coalesce(sum(points), 0)::int AS balance, count(*)::int AS total FROM ledger_entries WHERE account_id = $1', [user.accountId],
        );
        // A ticket is linked only while it is the account's own (a charge always is; this keeps another account's number out).
        const entries = await ctx.db.query(
          `SELECT l.id, l.kind, l.points, l.reason, l.created_at AS "createdAt", t.number AS "ticketNumber", li.key AS "licenseKey", l.order_id AS "orderId"
             FROM ledger_entries l
             LEFT JOIN tickets t ON t.id = l.ticket_id AND t.account_id = l.account_id
             LEFT JOIN licenses li ON li.id = l.license_id
            WHERE l.account_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $2 OFFSET $3`,
          [user.accountId, ledgerPageSize, (query.page - 1) * ledgerPageSize],
        );
        return { balance: sum!.balance, total: sum!.total, page: query.page, pageSize: ledgerPageSize, entries };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/payments/callback', tag: 'Payments', access: 'public', summary: 'Payment provider callback (signed)',
      body: PaymentCallback,
      handler: ({ body }) => receive(body),
    }),
    defineRoute({
      method: 'POST', url: '/api/payments/fake/checkout', tag: 'Payments', access: primaryOnly, refusals: secondaryRefusal,
      summary: 'Pay an invoice at the fake payment provider (demo and tests; not in production)',
      body: FakeCheckoutBody, response: PaymentAnswer,
      handler: async ({ user, body }) => {
        if (ctx.payments.name !== 'fake') throw notFound('the fake payment provider (a real provider is configured)');
        const [inv] = await ctx.db.query<{ amountCents: number; currency: string }>(
          'SELECT amount_cents AS "amountCents", currency FROM invoices WHERE id = $1 AND account_id = $2', [body.invoiceId, user.accountId],
        );
        if (!inv) throw notFound(`invoice ${body.invoiceId}`);
        const now = ctx.clock.now();
        const transactionId = `fake-${body.invoiceId}-${now}`;
        return receive(ctx.payments.sign({ transactionId, invoiceId: body.invoiceId, amountCents: inv.amountCents, currency: inv.currency, paidAt: now }));
      },
    }),
  ];
}
