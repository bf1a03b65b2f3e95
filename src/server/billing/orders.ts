/**
 * Orders (DOMAIN.md "Orders and invoices"): a paid invoice becomes a pending order; billing
 * verifies it (its licenses become active, its point packages are credited, the customer is
 * told) or rejects it with a reason. The order row is locked first, so two billing managers
 * deciding one order at once decide it once; verifying a verified order does nothing.
 */
import { z } from 'zod';
import { decideOrder } from '../../shared/billing/billingDecisions';
import { OrderStatus } from '../../shared/billing/billingStatuses';
import { describeItem, isLicenseItem, OrderItem } from '../../shared/billing/orderItems';
import { queryBuilder } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { addHistory, insertLicense, lockLicense, setLicenseStatus } from '../licenses/licenseStore';
import { emailAccount } from './accountEmails';
import { enforceDecision } from './enforceDecision';
import { addLedgerEntry } from './ledger';
import { creditCommission } from '../affiliates/referrals';

export interface OrderRow {
  id: number;
  accountId: number;
  invoiceId: number | null;
  items: OrderItem[];
  status: OrderStatus;
}

const orderItems = z.array(OrderItem);

async function lockOrder(w: ChangeWriter, id: number): Promise<OrderRow> {
  const row = await queryBuilder(w.tx).selectFrom('orders').select(['id', 'accountId', 'invoiceId', 'items', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(`order ${id}`);
  return { ...row, items: orderItems.parse(row.items), status: OrderStatus.parse(row.status) };
}

/**
 * The order a paid invoice becomes. Licenses it buys are created now as `pending` (the
 * customer sees them, without files, until billing verifies the order).
 */
export async function createOrderFromInvoice(w: ChangeWriter, invoice: { id: number; accountId: number; items: unknown }): Promise<number> {
  const items: OrderItem[] = [];
  for (const item of orderItems.parse(invoice.items)) {
    if (isLicenseItem(item) && !item.licenseId) {
      // An add-on or skin has no URL of its own (it runs at its main license's); it is for the main license's version.
      const parent = item.type !== 'license' && item.parentLicenseId ? await lockLicense(w, item.parentLicenseId) : null;
      const licenseId = await insertLicense(w, {
        product: item.product, kind: item.type === 'license' ? 'main' : item.type, edition: item.edition, productVersion: parent?.productVersion ?? '', url: item.type === 'license' ? (item.url ?? '') : '',
        accountId: invoice.accountId, parentLicenseId: item.type === 'license' ? null : (item.parentLicenseId ?? null), status: 'pending',
      });
      await addHistory(w, { licenseId, event: 'ordered', to: invoice.accountId, details: { invoiceId: invoice.id }, actor: null });
      items.push({ ...item, licenseId });
    } else items.push(item);
  }
  const row = await queryBuilder(w.tx)
    .insertInto('orders')
    .values({ accountId: invoice.accountId, invoiceId: invoice.id, items: JSON.stringify(items), status: 'pending', createdAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('order', row.id);
  return row.id;
}

export interface OrderDecision {
  /** False when the order was already verified: the second verification changes nothing. */
  changed: boolean;
}

export async function verifyOrder(w: ChangeWriter, publicUrl: string, orderId: number, actorId: number): Promise<OrderDecision> {
  const o = await lockOrder(w, orderId);
  const next = enforceDecision(decideOrder(o, 'verify'));
  if (!next) return { changed: false };
  await queryBuilder(w.tx).updateTable('orders').set((eb) => ({ status: next, decidedAt: w.now, decidedBy: actorId, version: eb('version', '+', 1) })).where('id', '=', o.id).execute();
  w.changed('order', o.id);
  const activated: string[] = [];
  let points = 0;
  for (const item of o.items) {
    if (isLicenseItem(item) && item.licenseId) {
      const l = await lockLicense(w, item.licenseId);
      if (l.status !== 'pending') continue;
      await setLicenseStatus(w, l, 'active');
      await addHistory(w, { licenseId: l.id, event: 'activated', to: o.accountId, details: { orderId: o.id }, actor: actorId });
      activated.push(describeItem(item));
    } else if (item.type === 'support_points') {
      await addLedgerEntry(w, { accountId: o.accountId, kind: 'purchase', points: item.points, reason: `${item.points} support points package (order #${o.id})`, orderId: o.id, createdBy: actorId });
      points += item.points;
    }
  }
  // A referred account's purchase earns its affiliate's commission now, once (never on a rejection).
  await creditCommission(w, o.id);
  await emailAccount(w, publicUrl, {
    eventKey: `order:${o.id}:verified`,
    accountId: o.accountId,
    headline: `Order #${o.id} verified`,
    paragraphs: [
      `Your order #${o.id} (${o.items.map(describeItem).join('; ')}) has been verified.`,
      ...(activated.length ? [`Your license${activated.length > 1 ? 's are' : ' is'} active now: ${activated.join('; ')}. The software files are available in your File area.`] : []),
      ...(points ? [`${points} support points were credited to your account.`] : []),
    ],
    path: activated.length ? '/files' : '/orders',
    linkLabel: activated.length ? 'Open your File area' : 'Your orders',
  });
  return { changed: true };
}

export async function rejectOrder(w: ChangeWriter, publicUrl: string, orderId: number, reason: string, actorId: number): Promise<OrderDecision> {
  const o = await lockOrder(w, orderId);
  const next = enforceDecision(decideOrder(o, 'reject'));
  if (!next) return { changed: false };
  await queryBuilder(w.tx)
    .updateTable('orders')
    .set((eb) => ({ status: next, rejectReason: reason, decidedAt: w.now, decidedBy: actorId, version: eb('version', '+', 1) }))
    .where('id', '=', o.id)
    .execute();
  w.changed('order', o.id);
  for (const item of o.items) {
    if (!isLicenseItem(item) || !item.licenseId) continue;
    const l = await lockLicense(w, item.licenseId);
    if (l.status !== 'pending') continue;
    await setLicenseStatus(w, l, 'revoked');
    await addHistory(w, { licenseId: l.id, event: 'revoked', from: o.accountId, details: { orderId: o.id, reason }, actor: actorId });
  }
  await emailAccount(w, publicUrl, {
    eventKey: `order:${o.id}:rejected`,
    accountId: o.accountId,
    headline: `Order #${o.id} rejected`,
    paragraphs: [`We could not verify your order #${o.id} (${o.items.map(describeItem).join('; ')}).`, `Reason: ${reason}`, 'If you have questions, please open a sales ticket in the Communication Center.'],
    path: '/orders',
    linkLabel: 'Your orders',
  });
  return { changed: true };
}
