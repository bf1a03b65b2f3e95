/**
 * The catalogue (DOMAIN.md "Catalogue"): what customers can order online, kept by admins.
 * Its item kinds, the wire shape the portal and the console read, and the admin mutations'
 * arguments (pushed through /api/sync/push, admins only), once for the server and both UIs.
 */
import { z } from 'zod';
import { assertNever } from '../assertNever';
import { formatMoney } from '../billing/orderItems';

export const catalogueKinds = ['license', 'addon', 'skin', 'support_points', 'service', 'hosting'] as const;
export const CatalogueKind = z.enum(catalogueKinds);
export type CatalogueKind = z.infer<typeof CatalogueKind>;

/** Headings of the "List of available Products and Services", in the help page's words. */
export const catalogueKindLabel: Record<CatalogueKind, string> = {
  license: 'Licenses',
  addon: 'Add-ons',
  skin: 'Skins',
  support_points: 'Technical support (support points)',
  service: 'Services',
  hosting: 'Hosting plans',
};

/** A license, add-on or skin belongs to a product. */
export const belongsToProduct = (kind: CatalogueKind): boolean => kind === 'license' || kind === 'addon' || kind === 'skin';
/** Add-ons and skins are bought for one of the account's main licenses of their product. */
export const attachesToLicense = (kind: CatalogueKind): boolean => kind === 'addon' || kind === 'skin';

export const CatalogueEntry = z.object({
  id: z.number(),
  kind: CatalogueKind,
  product: z.string().nullable(),
  /** The edition of a license; the name of an add-on, skin, package, service or plan. */
  name: z.string(),
  description: z.string(),
  points: z.number().nullable(),
  months: z.number().nullable(),
  priceCents: z.number(),
  currency: z.string(),
  active: z.boolean(),
  updatedAt: z.number(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;
/** The public list: active items only. */
export const CatalogueList = z.object({ items: z.array(CatalogueEntry) });
export type CatalogueList = z.infer<typeof CatalogueList>;

export const PricePoint = z.object({ priceCents: z.number(), fromAt: z.number(), setByName: z.string().nullable() });
export type PricePoint = z.infer<typeof PricePoint>;
/** The admin's list: retired items too, each with its price history (oldest first). */
export const AdminCatalogue = z.object({ items: z.array(CatalogueEntry.extend({ prices: z.array(PricePoint) })) });
export type AdminCatalogue = z.infer<typeof AdminCatalogue>;
export type AdminCatalogueItem = AdminCatalogue['items'][number];

/** What a customer sees on the list: "X-Cart Gold license", "X-Affiliate add-on for X-Cart", "Support points: 50 points". */
export function catalogueTitle(i: Pick<CatalogueEntry, 'kind' | 'product' | 'name' | 'points' | 'months'>): string {
  switch (i.kind) {
    case 'license':
      return `${i.product} ${i.name} license`;
    case 'addon':
      return `${i.name} add-on for ${i.product}`;
    case 'skin':
      return `${i.name} skin for ${i.product}`;
    case 'support_points':
      return `${i.name} (${i.points} support points)`;
    case 'service':
      return i.name;
    case 'hosting':
      return `Hosting plan ${i.name}, ${i.months} months`;
    default:
      return assertNever(i.kind, 'catalogue kind');
  }
}

export const priceText = (i: Pick<CatalogueEntry, 'priceCents' | 'currency'>): string => formatMoney(i.priceCents, i.currency);

/** Dollars and cents as an admin types them ("49", "49.90") in cents, or null when it is not such a price. */
export function priceCentsOf(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

const itemId = z.number().int().positive();
const itemName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
export const cataloguePrice = z.number().int('must be whole cents').positive('must be more than 0').max(100_000_000, 'must be at most 100000000 cents');
const description = z.string().trim().max(2000, 'must be at most 2000 characters');

/** The shape each kind needs: a product for licenses, add-ons and skins; points for a package; months for a plan. */
function checkShape(a: { kind: CatalogueKind; product?: string | null; points?: number | null; months?: number | null }, ctx: z.RefinementCtx): void {
  const need = (field: 'product' | 'points' | 'months', needed: boolean, what: string) => {
    const given = a[field] !== undefined && a[field] !== null;
    if (needed && !given) ctx.addIssue({ code: 'custom', path: [field], message: `must be given for ${what}` });
    if (!needed && given) ctx.addIssue({ code: 'custom', path: [field], message: `must be left out: only ${what} take it` });
  };
  need('product', belongsToProduct(a.kind), 'licenses, add-ons and skins');
  need('points', a.kind === 'support_points', 'support points packages');
  need('months', a.kind === 'hosting', 'hosting plans');
}

/** The catalogue mutations' arguments (staff.admin only). */
export const catalogueMutationArgs = {
  'catalogue.create': z
    .strictObject({
      kind: CatalogueKind,
      product: itemName.nullable().optional(),
      name: itemName,
      description: description.optional(),
      points: z.number().int().positive('must be more than 0').max(100_000, 'must be at most 100000').nullable().optional(),
      months: z.number().int().positive('must be more than 0').max(120, 'must be at most 120').nullable().optional(),
      priceCents: cataloguePrice,
    })
    .superRefine(checkShape),
  /** A new price is appended to the item's price history; orders placed before keep theirs. */
  'catalogue.update': z
    .strictObject({ itemId, name: itemName.optional(), description: description.optional(), priceCents: cataloguePrice.optional() })
    .refine((a) => a.name !== undefined || a.description !== undefined || a.priceCents !== undefined, { message: 'must change at least one of name, description, priceCents', path: ['name'] }),
  /** Retire (no longer sold; kept for the orders that name it) or sell again. */
  'catalogue.setActive': z.strictObject({ itemId, active: z.boolean() }),
} as const;
