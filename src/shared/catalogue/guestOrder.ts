/**
 * Ordering as a guest (issue 22: "a visitor buys a license"): a visitor without an account
 * sends the order form with who they are (e-mail, name, company), and the order opens their
 * account: its primary user has no password until they set one from the emailed single-use
 * link, and they are signed in at once to pay the invoice. The same rules for the server
 * (which decides, in the order's transaction) and the portal (which shows the same reasons).
 */
import { z } from 'zod';
import { attachesToLicense, catalogueTitle, type CatalogueEntry } from './catalogue';
import { OrderForm, OrderPlaced, type OrderRefusal } from './orderForm';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const GuestOrderForm = z.strictObject({
  ...OrderForm.shape,
  /** The new account's login and contact address (all its notifications go there). */
  email: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').email('must be an e-mail address'),
  /** The person: the primary user's name. */
  name: text(200).min(1, 'must not be empty: your name'),
  /** The account's company name (its certificates say "Licensed to"); the person's name when left empty. */
  company: text(300).optional(),
});
export type GuestOrderForm = z.infer<typeof GuestOrderForm>;

export const GuestOrderPlaced = OrderPlaced.extend({
  /** The single-use link to set the password was e-mailed to this address. */
  linkSentTo: z.string(),
});
export type GuestOrderPlaced = z.infer<typeof GuestOrderPlaced>;

/** The fields of the guest form, in the order the portal shows their errors. */
export const guestOrderFields = ['email', 'name', 'company', 'licenseUrl', 'parentLicenseId', 'priceCents', 'itemId', 'orderKey'] as const satisfies ReadonlyArray<keyof GuestOrderForm>;

/** The company the new account gets: as typed, else the person's name. */
export const guestCompany = (form: Pick<GuestOrderForm, 'company' | 'name'>): string => form.company || form.name;

/**
 * What a guest may not order before the order form's own rules: an add-on or skin is bought
 * for one of the account's licenses, and a new account has none yet.
 */
export function guestOrderRefusal(item: Pick<CatalogueEntry, 'kind' | 'product' | 'name' | 'points' | 'months'> | null): OrderRefusal | null {
  if (item && attachesToLicense(item.kind)) {
    return { ok: false, status: 409, code: 'needs_license', field: 'itemId', reason: `${catalogueTitle(item)} is bought for one of your ${item.product} licenses: sign in to order it, or order a ${item.product} license first` };
  }
  return null;
}

/** The refusal of a guest order for an address that already signs in (nothing was created). */
export const emailTakenReason = 'this e-mail already belongs to a customer account: sign in to order with it (use "Forgot password?" if you do not know the password)';

/** The refusal of a guest form sent again after its order opened an account (nothing more was created). */
export const formSentReason = 'this order form was sent already and its order placed: sign in with the e-mail you gave (the link to set your password is in your mailbox)';
