/**
 * "Order online" (help page "How to buy a new license"): the short form a primary user sends
 * for one catalogue item, and the rules that decide it, once for the server (which enforces
 * them in the order's transaction) and the portal (which shows the same reasons). A refusal
 * names the form field and says why; nothing is ordered or charged.
 */
import { z } from 'zod';
import { httpUrl } from '../api/customerAccount';
import { formatMoney, type OrderItem } from '../billing/orderItems';
import type { LicenseKind, LicenseStatus } from '../domain/model';
import { assertNever } from '../assertNever';
import { attachesToLicense, catalogueTitle, type CatalogueEntry } from './catalogue';

export const OrderForm = z.strictObject({
  itemId: z.number().int().positive('must be a catalogue item id'),
  /** The price the customer saw on the list: refused when the catalogue asks another one now. */
  priceCents: z.number().int().positive('must be the price shown on the list'),
  /** A new license: the URL of the store it is for. */
  licenseUrl: httpUrl.optional(),
  /** An add-on or skin: the account's main license it is for. */
  parentLicenseId: z.number().int().positive('must be one of your license ids').optional(),
  /** Made once per form shown: the same form sent twice issues one invoice. */
  orderKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _'),
});
export type OrderForm = z.infer<typeof OrderForm>;

export const OrderPlaced = z.object({
  invoiceId: z.number(),
  /** False when this form was sent before: the answer names the invoice it issued then. */
  created: z.boolean(),
});
export type OrderPlaced = z.infer<typeof OrderPlaced>;

/** A license as the add-on rule needs it. */
export interface ParentLicense {
  id: number;
  accountId: number;
  kind: LicenseKind;
  product: string;
  status: LicenseStatus;
}

export interface OrderRefusal {
  ok: false;
  /** 400 bad input, 404 no such item, 409 the catalogue or the license is not as the form assumed. */
  status: 400 | 404 | 409;
  code: string;
  /** The form field it is about (`licenseUrl`). */
  field: keyof OrderForm;
  reason: string;
}
export type OrderDecision = { ok: true; item: OrderItem; description: string } | OrderRefusal;

const refuse = (status: OrderRefusal['status'], code: string, field: OrderRefusal['field'], reason: string): OrderRefusal => ({ ok: false, status, code, field, reason });

/** Which of the account's own `licenses` an add-on or skin of `product` may be bought for (the order form's choices): its active main licenses of that product. */
export const eligibleParents = <L extends Pick<ParentLicense, 'kind' | 'product' | 'status'>>(licenses: readonly L[], product: string | null): L[] =>
  licenses.filter((l) => l.kind === 'main' && l.product === product && l.status === 'active');

/** Whether the item may not be ordered with this form, and why. */
function refusal(item: CatalogueEntry | null, form: OrderForm, accountId: number, parent: ParentLicense | null): OrderRefusal | null {
  if (!item) return refuse(404, 'not_found', 'itemId', `catalogue item ${form.itemId} does not exist`);
  const title = catalogueTitle(item);
  if (!item.active) return refuse(409, 'item_retired', 'itemId', `${title} is retired and no longer sold`);
  if (form.priceCents !== item.priceCents) {
    return refuse(409, 'price_changed', 'priceCents', `the price of ${title} is ${formatMoney(item.priceCents, item.currency)} now, not ${formatMoney(form.priceCents, item.currency)} as shown; nothing was ordered: look at the new price and order again`);
  }
  if (item.kind === 'license' && !form.licenseUrl) return refuse(400, 'missing_license_url', 'licenseUrl', 'a new license needs the URL of the store it is for');
  if (item.kind !== 'license' && form.licenseUrl !== undefined) return refuse(400, 'unexpected_field', 'licenseUrl', `only a new license takes a URL; ${title} does not`);
  if (!attachesToLicense(item.kind)) {
    return form.parentLicenseId === undefined ? null : refuse(400, 'unexpected_field', 'parentLicenseId', `only add-ons and skins are bought for a license; ${title} is not`);
  }
  if (form.parentLicenseId === undefined) return refuse(400, 'missing_parent_license', 'parentLicenseId', `choose the ${item.product} license ${title} is for`);
  if (!parent || parent.accountId !== accountId) return refuse(400, 'bad_parent_license', 'parentLicenseId', `license ${form.parentLicenseId} is not one of your account's licenses`);
  if (parent.kind !== 'main') return refuse(400, 'bad_parent_license', 'parentLicenseId', `license ${parent.id} is an ${parent.kind === 'addon' ? 'add-on' : 'skin'}; add-ons and skins are bought for a main license`);
  if (parent.product !== item.product) return refuse(400, 'wrong_product', 'parentLicenseId', `${title} is for ${item.product}; license ${parent.id} is a ${parent.product} license`);
  if (parent.status !== 'active') return refuse(409, 'license_not_active', 'parentLicenseId', `license ${parent.id} is ${parent.status.replace('_', ' ')}; add-ons and skins are bought for an active license`);
  return null;
}

/** What the order buys, at the price it was placed at. */
function orderItemFor(item: CatalogueEntry, form: OrderForm): OrderItem {
  const common = { catalogueItemId: item.id, priceCents: item.priceCents };
  switch (item.kind) {
    case 'license':
      return { type: 'license', product: item.product!, edition: item.name, url: form.licenseUrl!, ...common };
    case 'addon':
    case 'skin':
      return { type: item.kind, product: item.product!, edition: item.name, parentLicenseId: form.parentLicenseId!, ...common };
    case 'support_points':
      return { type: 'support_points', points: item.points!, ...common };
    case 'service':
      return { type: 'service', name: item.name, ...common };
    case 'hosting':
      return { type: 'hosting', plan: item.name, months: item.months!, ...common };
    default:
      return assertNever(item.kind, 'catalogue kind');
  }
}

/** The order the form places, or why it is refused. `parent`: the license `form.parentLicenseId` names, if it exists. */
export function decideOrderForm(item: CatalogueEntry | null, form: OrderForm, accountId: number, parent: ParentLicense | null): OrderDecision {
  const refused = refusal(item, form, accountId, parent);
  if (refused) return refused;
  const title = catalogueTitle(item!);
  return { ok: true, item: orderItemFor(item!, form), description: form.licenseUrl ? `Order online: ${title} for ${form.licenseUrl}` : `Order online: ${title}` };
}

/**
 * Paying later: an invoice's catalogue items must still be sold. A price changed since is no
 * reason (the invoice keeps the price it was placed at); a retired item is, so the customer
 * is not charged for what is no longer sold.
 */
export function retiredOnInvoice(items: readonly OrderItem[], catalogue: ReadonlyMap<number, Pick<CatalogueEntry, 'active' | 'kind' | 'product' | 'name' | 'points' | 'months'>>): string | null {
  for (const i of items) {
    const id = 'catalogueItemId' in i ? i.catalogueItemId : undefined;
    const entry = id === undefined ? undefined : catalogue.get(id);
    if (entry && !entry.active) return `${catalogueTitle(entry)} was retired after this invoice was issued and is no longer sold; nothing was charged. Please contact our sales department`;
  }
  return null;
}
