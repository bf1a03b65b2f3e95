/**
 * What the billing manager's screens read from the cache: the queues of pending work (orders
 * oldest first with their age and payment state, transfer and URL-change requests, unpaid
 * invoices, accounts with a negative balance) and an account's billing history.
 */
import { z } from 'zod';
import { InvoiceStatus, OrderStatus, TransferStatus, UrlChangeStatus } from '../billing/billingStatuses';
import { OrderItem } from '../billing/orderItems';

const id = z.number().int();
/** Milliseconds since the epoch. */
const time = z.number();
/** The row shows a local decision the server has not confirmed yet. */
const pending = z.boolean();

export const BillingOrder = z.object({
  id,
  accountId: id,
  company: z.string(),
  invoiceId: id.nullable(),
  description: z.string().nullable(),
  items: z.array(OrderItem),
  amountCents: z.number().int().nullable(),
  /** The invoice's state at the provider: an order exists because its invoice was paid. */
  paymentState: z.enum([...InvoiceStatus.options, 'no_invoice']),
  paidAt: time.nullable(),
  status: OrderStatus,
  rejectReason: z.string().nullable(),
  createdAt: time,
  decidedAt: time.nullable(),
  /** The account's earlier orders (verified, rejected), for its history at a glance. */
  accountOrders: z.object({ verified: z.number().int(), rejected: z.number().int() }),
  pointsBalance: z.number().int(),
  pending,
});
export type BillingOrder = z.infer<typeof BillingOrder>;

export const BillingTransfer = z.object({
  id,
  licenseId: id,
  licenseKey: z.string(),
  product: z.string(),
  kind: z.string(),
  fromAccountId: id,
  fromCompany: z.string(),
  /** The existing customer account that takes the license; null: a new one is made on approval. */
  toAccountId: id.nullable(),
  toCompany: z.string().nullable(),
  targetCompany: z.string(),
  targetEmail: z.string(),
  targetUrl: z.string(),
  targetLicenseKey: z.string().nullable(),
  points: z.number().int(),
  fromBalance: z.number().int(),
  status: TransferStatus,
  reason: z.string().nullable(),
  createdAt: time,
  pending,
});
export type BillingTransfer = z.infer<typeof BillingTransfer>;

export const BillingUrlChange = z.object({
  id,
  licenseId: id,
  licenseKey: z.string(),
  product: z.string(),
  accountId: id,
  company: z.string(),
  oldUrl: z.string(),
  newUrl: z.string(),
  status: UrlChangeStatus,
  reason: z.string().nullable(),
  createdAt: time,
  pending,
});
export type BillingUrlChange = z.infer<typeof BillingUrlChange>;

export const BillingInvoice = z.object({
  id,
  accountId: id,
  company: z.string(),
  description: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  status: InvoiceStatus,
  issuedAt: time,
  paidAt: time.nullable(),
  pending,
});
export type BillingInvoice = z.infer<typeof BillingInvoice>;

export const NegativeBalance = z.object({ accountId: id, company: z.string(), pointsBalance: z.number().int() });

export const BillingQueue = z.object({
  /** Pending orders, oldest first (usually verified within one business day). */
  orders: z.array(BillingOrder),
  /** Transfer requests waiting for billing, oldest first. */
  transfers: z.array(BillingTransfer),
  /** URL-change requests waiting for billing, oldest first. */
  urlChanges: z.array(BillingUrlChange),
  /** Invoices not paid yet, oldest first. */
  unpaidInvoices: z.array(BillingInvoice),
  /** Accounts whose points balance is below zero, most negative first. */
  negativeBalances: z.array(NegativeBalance),
});
export type BillingQueue = z.infer<typeof BillingQueue>;

/** An account's billing side, for its account page. */
export const AccountBilling = z.object({
  orders: z.array(BillingOrder),
  invoices: z.array(BillingInvoice),
  transfers: z.array(BillingTransfer),
  urlChanges: z.array(BillingUrlChange),
  /** Certificates by license id (long texts, shown on demand). */
  certificates: z.record(z.string(), z.string()),
  /** Every license's history, oldest first (ordered, activated, transferred, accepted, URL changed, ...). */
  licenseHistory: z.array(z.object({ id, licenseId: id, event: z.string(), details: z.record(z.string(), z.unknown()), at: time })),
});
export type AccountBilling = z.infer<typeof AccountBilling>;
