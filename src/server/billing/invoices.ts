/**
 * Invoices: issued by billing to an account; `unpaid` → `paid` only through a verified
 * provider callback, which also makes the order. A callback is recorded by its transaction id
 * first: a replay finds the row and changes nothing, and so does a callback whose amount or
 * invoice does not match (recorded with its outcome, for billing to look at).
 */
import { decideInvoice } from '../../shared/billing/billingDecisions';
import type { InvoiceStatus } from '../../shared/billing/billingStatuses';
import { describeItem, type OrderItem } from '../../shared/billing/orderItems';
import { ApiError, notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { emailAccount } from './accountEmails';
import { enforceDecision } from './enforceDecision';
import { createOrderFromInvoice } from './orders';
import type { PaymentEvent } from './paymentProvider';

export interface NewInvoice {
  accountId: number;
  description: string;
  amountCents: number;
  items: OrderItem[];
}

async function checkLicenseItems(w: ChangeWriter, inv: NewInvoice): Promise<void> {
  for (const [i, item] of inv.items.entries()) {
    // An add-on or skin is registered to a main license (a license row without one cannot exist): refused now, not as a 500 when it is paid.
    if ((item.type === 'addon' || item.type === 'skin') && !item.parentLicenseId) {
      throw new ApiError(400, 'missing_parent_license', `args.items.${i}.parentLicenseId: an ${item.type === 'addon' ? 'add-on' : 'skin'} must name the main license it is bought for`, `args.items.${i}.parentLicenseId`);
    }
    if ((item.type === 'addon' || item.type === 'skin') && item.parentLicenseId) {
      const [parent] = await w.query<{ accountId: number; kind: string }>('SELECT account_id AS "accountId", kind FROM licenses WHERE id = $1', [item.parentLicenseId]);
      if (!parent || parent.accountId !== inv.accountId || parent.kind !== 'main') {
        throw new ApiError(400, 'bad_parent_license', `args.items.${i}.parentLicenseId: must be a main license of account ${inv.accountId}`, `args.items.${i}.parentLicenseId`);
      }
    }
  }
}

export async function issueInvoice(w: ChangeWriter, publicUrl: string, inv: NewInvoice): Promise<number> {
  const [account] = await w.query('SELECT 1 FROM accounts WHERE id = $1', [inv.accountId]);
  if (!account) throw new ApiError(400, 'unknown_account', `account ${inv.accountId} does not exist`, 'args.accountId');
  const total = inv.items.reduce((sum, i) => sum + i.priceCents, 0);
  if (total !== inv.amountCents) throw new ApiError(400, 'amount_mismatch', `args.amountCents: must equal the sum of the items' prices (${total})`, 'args.amountCents');
  await checkLicenseItems(w, inv);
  const [row] = await w.query<{ id: number }>(
    `INSERT INTO invoices (account_id, description, amount_cents, items, status, issued_at) VALUES ($1, $2, $3, $4, 'unpaid', $5) RETURNING id`,
    [inv.accountId, inv.description, inv.amountCents, JSON.stringify(inv.items), w.now],
  );
  w.changed('invoice', row!.id);
  await emailAccount(w, publicUrl, {
    eventKey: `invoice:${row!.id}:issued`,
    accountId: inv.accountId,
    headline: `Invoice #${row!.id}`,
    paragraphs: [
      `We have issued invoice #${row!.id}: ${inv.description} (USD ${(inv.amountCents / 100).toFixed(2)}).`,
      `It covers: ${inv.items.map(describeItem).join('; ')}.`,
      'You can pay it in the Invoices section of your account; once paid it becomes an order, usually verified within one business day.',
    ],
    path: '/invoices',
    linkLabel: 'Your invoices',
  });
  return row!.id;
}

export async function cancelInvoice(w: ChangeWriter, invoiceId: number): Promise<void> {
  const [inv] = await w.query<{ id: number; status: InvoiceStatus }>('SELECT id, status FROM invoices WHERE id = $1 FOR UPDATE', [invoiceId]);
  if (!inv) throw notFound(`invoice ${invoiceId}`);
  const next = enforceDecision(decideInvoice(inv, 'cancel'));
  if (!next) return;
  await w.query('UPDATE invoices SET status = $2, version = version + 1 WHERE id = $1', [invoiceId, next]);
  w.changed('invoice', invoiceId);
}

export type PaymentOutcome = 'paid' | 'replayed' | 'already_settled' | 'amount_mismatch' | 'unknown_invoice';

/** Applies a verified payment event; returns what it did. Only `paid` changed anything. */
export async function recordPayment(w: ChangeWriter, provider: string, e: PaymentEvent): Promise<{ outcome: PaymentOutcome; orderId?: number }> {
  const [inv] = await w.query<{ id: number; accountId: number; amountCents: number; currency: string; status: InvoiceStatus; items: OrderItem[] }>(
    'SELECT id, account_id AS "accountId", amount_cents AS "amountCents", currency, status, items FROM invoices WHERE id = $1 FOR UPDATE',
    [e.invoiceId],
  );
  const outcome: PaymentOutcome = !inv ? 'unknown_invoice'
    : !decideInvoice(inv, 'pay').ok ? 'already_settled'
      : inv.amountCents !== e.amountCents || inv.currency !== e.currency ? 'amount_mismatch' : 'paid';
  const recorded = await w.query(
    `INSERT INTO payment_events (provider, transaction_id, invoice_id, amount_cents, outcome, received_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (provider, transaction_id) DO NOTHING RETURNING id`,
    [provider, e.transactionId, inv ? inv.id : null, e.amountCents, outcome, w.now],
  );
  if (!recorded.length) return { outcome: 'replayed' };
  if (outcome !== 'paid') return { outcome };
  await w.query(`UPDATE invoices SET status = 'paid', paid_at = $2, provider_ref = $3, version = version + 1 WHERE id = $1`, [inv!.id, w.now, `${provider}:${e.transactionId}`]);
  w.changed('invoice', inv!.id);
  const orderId = await createOrderFromInvoice(w, inv!);
  return { outcome, orderId };
}
