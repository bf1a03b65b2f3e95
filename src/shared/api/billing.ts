/**
 * Response schemas of the customer's invoices, orders and support points ledger
 * (`/api/customer/invoices`, `/api/customer/orders`, `/api/customer/ledger`), shared by the
 * server's routes and the portal's pages.
 */
import { z } from 'zod';
import { InvoiceStatus, OrderStatus } from '../billing/billingStatuses';
import { OrderItem } from '../billing/orderItems';
import { LedgerKind } from '../domain/model';

export const Invoice = z.object({
  id: z.number(),
  /** What the invoice is for (the help page's 'Description' field). */
  description: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  items: z.array(OrderItem),
  status: InvoiceStatus,
  issuedAt: z.number(),
  paidAt: z.number().nullable(),
});
export type Invoice = z.infer<typeof Invoice>;
export const InvoiceList = z.object({ invoices: z.array(Invoice) });
export const OneInvoice = z.object({ invoice: Invoice });

export const PayAnswer = z.object({
  provider: z.string(),
  /** The fake provider's checkout (demo and tests); null with a real provider. */
  checkout: z.object({ method: z.literal('POST'), url: z.string(), body: z.object({ invoiceId: z.number() }) }).nullable(),
  /** A real provider's payment page (Stripe Checkout): the portal sends the browser there. */
  redirectUrl: z.string().nullable(),
});
export const PaymentAnswer = z.object({
  outcome: z.enum(['paid', 'replayed', 'already_settled', 'amount_mismatch', 'unknown_invoice']),
  orderId: z.number().optional(),
});

export const Order = z.object({
  id: z.number(),
  invoiceId: z.number().nullable(),
  items: z.array(OrderItem),
  status: OrderStatus,
  rejectReason: z.string().nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
});
export type Order = z.infer<typeof Order>;
export const OrderList = z.object({ orders: z.array(Order) });

export const ledgerPageSize = 50;
export const LedgerQuery = z.strictObject({
  page: z.coerce.number({ error: 'must be a page number' }).int('must be a whole number').min(1, 'must be 1 or more').max(100_000, 'must be at most 100000').default(1),
});
export const LedgerEntry = z.object({
  id: z.number(),
  kind: LedgerKind,
  points: z.number(),
  reason: z.string(),
  createdAt: z.number(),
  /** The ticket a charge was for, when it is one of the account's tickets. */
  ticketNumber: z.number().nullable(),
  /** The license a transfer moved points with. */
  licenseKey: z.string().nullable(),
  orderId: z.number().nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const LedgerPage = z.object({
  /** The sum of the whole ledger (never stored apart from it). */
  balance: z.number(),
  /** Entries in all. */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  /** Newest first. */
  entries: z.array(LedgerEntry),
});
