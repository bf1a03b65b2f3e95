/**
 * "Order online": a primary user's form for one catalogue item issues an invoice at once
 * (paid through the provider it becomes a pending order, as every invoice does). The shared
 * rules decide (src/shared/catalogue/orderForm.ts) on rows locked for the transaction; a
 * refusal writes nothing. Before paying, an invoice's catalogue items must still be sold.
 */
import { decideOrderForm, retiredOnInvoice, type OrderForm, type OrderPlaced, type ParentLicense } from '../../shared/catalogue/orderForm';
import { OrderItem } from '../../shared/billing/orderItems';
import { LicenseKind, LicenseStatus } from '../../shared/domain/model';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError, conflict } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { issueInvoice } from '../billing/invoices';
import { catalogueItemsById, lockCatalogueItem } from './catalogueStore';

async function parentLicense(w: ChangeWriter, id: number | undefined): Promise<ParentLicense | null> {
  if (id === undefined) return null;
  const l = await queryBuilder(w.tx).selectFrom('licenses').select(['id', 'accountId', 'kind', 'product', 'status']).where('id', '=', id).forShare().executeTakeFirst();
  return l ? { ...l, kind: LicenseKind.parse(l.kind), status: LicenseStatus.parse(l.status) } : null;
}

export async function placeOnlineOrder(w: ChangeWriter, publicUrl: string, accountId: number, form: OrderForm): Promise<OrderPlaced> {
  const item = await lockCatalogueItem(w.tx, form.itemId, 'share');
  const decision = decideOrderForm(item, form, accountId, await parentLicense(w, form.parentLicenseId));
  if (!decision.ok) throw new ApiError(decision.status, decision.code, `body.${decision.field}: ${decision.reason}`, `body.${decision.field}`);
  return issueInvoice(w, publicUrl, { accountId, description: decision.description, amountCents: decision.item.priceCents, items: [decision.item], orderKey: form.orderKey });
}

/** Refuses paying an invoice whose catalogue item was retired since it was issued (nothing is charged). */
export async function assertStillSold(db: Queryable, invoice: { id: number; items: unknown }): Promise<void> {
  const items = OrderItem.array().parse(invoice.items);
  const ids = items.flatMap((i) => ('catalogueItemId' in i && i.catalogueItemId ? [i.catalogueItemId] : []));
  const why = retiredOnInvoice(items, await catalogueItemsById(db, ids));
  if (why) throw conflict('item_retired', `invoice ${invoice.id}: ${why}`, 'params.invoiceId');
}
