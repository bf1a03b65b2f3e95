/**
 * Invoices: issued by billing to an account; `unpaid` → `paid` only through a verified
 * provider callback, which also makes the order. A callback is recorded by its transaction id
 * first: a replay finds the row and changes nothing, and so does a callback whose amount or
 * invoice does not match (recorded with its outcome, for billing to look at).
 */
import { decideInvoice } from '../../shared/billing/billingDecisions';
import { InvoiceStatus } from '../../shared/billing/billingStatuses';
import { describeItem, type OrderItem } from '../../shared/billing/orderItems';
import { queryBuilder } from '../db/queryBuilder';
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
  /** An online order's form key (catalogue/onlineOrder.ts): a second invoice with it is not made. */
  orderKey?: string;
}

async function checkLicenseItems(w: ChangeWriter, inv: NewInvoice): Promise<void> {
  for (const [i, item] of inv.items.entries()) {
    // An add-on or skin is registered to a main license (a license row without one cannot exist): refused now, not as a 500 when it is paid.
    if ((item.type === 'addon' || item.type === 'skin') && !item.parentLicenseId) {
      throw new ApiError(400, 'missing_parent_license', `args.items.${i}.parentLicenseId: an ${item.type === 'addon' ? 'add-on' : 'skin'} must name the main license it is bought for`, `args.items.${i}.parentLicenseId`);
    }
    if ((item.type === 'addon' || item.type === 'skin') && item.parentLicenseId) {
      const parent = await queryBuilder(w.tx).selectFrom('licenses').select(['accountId', 'kind']).where('id', '=', item.parentLicenseId).executeTakeFirst();
      if (!parent || parent.accountId !== inv.accountId || parent.kind !== 'main') {
        throw new ApiError(400, 'bad_parent_license', `args.items.${i}.parentLicenseId: must be a main license of account ${inv.accountId}`, `args.items.${i}.parentLicenseId`);
      }
    }
  }
}

/** Issues the invoice and tells the customer; `created` is false when `orderKey` issued one already (its id is returned). */
export async function issueInvoice(w: ChangeWriter, publicUrl: string, inv: NewInvoice): Promise<{ invoiceId: number; created: boolean }> {
  const account = await queryBuilder(w.tx).selectFrom('accounts').select('id').where('id', '=', inv.accountId).executeTakeFirst();
  if (!account) throw new ApiError(400, 'unknown_account', `account ${inv.accountId} does not exist`, 'args.accountId');
  const total = inv.items.reduce((sum, i) => sum + i.priceCents, 0);
  if (total !== inv.amountCents) throw new ApiError(400, 'amount_mismatch', `args.amountCents: must equal the sum of the items' prices (${total})`, 'args.amountCents');
  await checkLicenseItems(w, inv);
  // The same form sent twice at once: the second insert waits for the first to commit, then does nothing.
  const row = await queryBuilder(w.tx)
    .insertInto('invoices')
    .values({ accountId: inv.accountId, description: inv.description, amountCents: inv.amountCents, items: JSON.stringify(inv.items), status: 'unpaid', issuedAt: w.now, orderKey: inv.orderKey ?? null })
    .onConflict((oc) => oc.columns(['accountId', 'orderKey']).where('orderKey', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    const first = await queryBuilder(w.tx).selectFrom('invoices').select('id').where('accountId', '=', inv.accountId).where('orderKey', '=', inv.orderKey!).executeTakeFirstOrThrow();
    return { invoiceId: first.id, created: false };
  }
  w.changed('invoice', row.id);
  await emailAccount(w, publicUrl, {
    eventKey: `invoice:${row.id}:issued`,
    accountId: inv.accountId,
    headline: `Invoice #${row.id}`,
    paragraphs: [
      `We have issued invoice #${row.id}: ${inv.description} (USD ${(inv.amountCents / 100).toFixed(2)}).`,
      `It covers: ${inv.items.map(describeItem).join('; ')}.`,
      'You can pay it in the Invoices section of your account; once paid it becomes an order, usually verified within one business day.',
    ],
    path: '/invoices',
    linkLabel: 'Your invoices',
  });
  return { invoiceId: row.id, created: true };
}

export async function cancelInvoice(w: ChangeWriter, invoiceId: number): Promise<void> {
  const inv = await queryBuilder(w.tx).selectFrom('invoices').select(['id', 'status']).where('id', '=', invoiceId).forUpdate().executeTakeFirst();
  if (!inv) throw notFound(`invoice ${invoiceId}`);
  const next = enforceDecision(decideInvoice({ id: inv.id, status: InvoiceStatus.parse(inv.status) }, 'cancel'));
  if (!next) return;
  await queryBuilder(w.tx).updateTable('invoices').set((eb) => ({ status: next, version: eb('version', '+', 1) })).where('id', '=', invoiceId).execute();
  w.changed('invoice', invoiceId);
}

export type PaymentOutcome = 'paid' | 'replayed' | 'already_settled' | 'amount_mismatch' | 'unknown_invoice';

/** Applies a verified payment event; returns what it did. Only `paid` changed anything. */
export async function recordPayment(w: ChangeWriter, provider: string, e: PaymentEvent): Promise<{ outcome: PaymentOutcome; orderId?: number }> {
  const inv = await queryBuilder(w.tx)
    .selectFrom('invoices')
    .select(['id', 'accountId', 'amountCents', 'currency', 'status', 'items'])
    .where('id', '=', e.invoiceId)
    .forUpdate()
    .executeTakeFirst();
  const outcome: PaymentOutcome = !inv ? 'unknown_invoice'
    : !decideInvoice({ id: inv.id, status: InvoiceStatus.parse(inv.status) }, 'pay').ok ? 'already_settled'
      : inv.amountCents !== e.amountCents || inv.currency !== e.currency ? 'amount_mismatch' : 'paid';
  const recorded = await queryBuilder(w.tx)
    .insertInto('paymentEvents')
    .values({ provider, transactionId: e.transactionId, invoiceId: inv ? inv.id : null, amountCents: e.amountCents, outcome, receivedAt: w.now })
    .onConflict((oc) => oc.columns(['provider', 'transactionId']).doNothing())
    .returning('id')
    .execute();
  if (!recorded.length) return { outcome: 'replayed' };
  if (outcome !== 'paid') return { outcome };
  await queryBuilder(w.tx)
    .updateTable('invoices')
    .set((eb) => ({ status: 'paid', paidAt: w.now, providerRef: `${provider}:${e.transactionId}`, version: eb('version', '+', 1) }))
    .where('id', '=', inv!.id)
    .execute();
  w.changed('invoice', inv!.id);
  const orderId = await createOrderFromInvoice(w, inv!);
  return { outcome, orderId };
}
