/**
 * What an invoice or order is for (DOMAIN.md "Orders and invoices"): licenses, add-ons and
 * skins, support point packages, services and hosting plans. Verifying an order acts on its
 * items: license items become active licenses, point packages are credited.
 */
import { z } from 'zod';
import { assertNever } from '../assertNever';

const priceCents = z.number().int().min(0, 'must not be negative').max(100_000_000, 'must be at most 100000000 cents');
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** The catalogue item an online order bought (src/shared/catalogue); absent on invoices billing writes by hand. */
const catalogueItemId = z.number().int().positive().optional();

export const LicenseItem = z.strictObject({
  type: z.enum(['license', 'addon', 'skin']),
  product: name,
  edition: z.string().trim().max(200),
  /** Set once the order created (or was created for) the license. */
  licenseId: z.number().int().positive().optional(),
  /** Add-ons and skins: the main license they are registered to. */
  parentLicenseId: z.number().int().positive().optional(),
  /** A new main license ordered online: the URL it is for, where it is active once verified. */
  url: z.string().trim().max(500).optional(),
  catalogueItemId,
  priceCents,
});

export const OrderItem = z.discriminatedUnion('type', [
  LicenseItem,
  z.strictObject({ type: z.literal('support_points'), points: z.number().int().positive().max(100_000), catalogueItemId, priceCents }),
  z.strictObject({ type: z.literal('service'), name, hours: z.number().positive().max(10_000).optional(), catalogueItemId, priceCents }),
  z.strictObject({ type: z.literal('hosting'), plan: name, months: z.number().int().positive().max(120), catalogueItemId, priceCents }),
  z.strictObject({ type: z.literal('license_upgrade'), from: name, to: name, priceCents }),
]);
export type OrderItem = z.infer<typeof OrderItem>;
export type LicenseItem = z.infer<typeof LicenseItem>;

export const isLicenseItem = (i: OrderItem): i is LicenseItem => i.type === 'license' || i.type === 'addon' || i.type === 'skin';

/** One line per item, for emails and the billing queue. */
export function describeItem(i: OrderItem): string {
  switch (i.type) {
    case 'license':
      return `${i.product} ${i.edition} license${i.url ? ` for ${i.url}` : ''}`.replace(/\s+/g, ' ');
    case 'addon':
    case 'skin':
      return `${i.product} ${i.type === 'addon' ? 'add-on' : 'skin'} ${i.edition}`.replace(/\s+/g, ' ');
    case 'support_points':
      return `${i.points} support points package`;
    case 'service':
      return i.name;
    case 'hosting':
      return `Hosting plan: ${i.plan}, ${i.months} months`;
    case 'license_upgrade':
      return `Edition upgrade: ${i.from} to ${i.to}`;
    default:
      return assertNever(i, 'order item');
  }
}

export const formatMoney = (cents: number, currency = 'USD'): string => `${currency} ${(cents / 100).toFixed(2)}`;
