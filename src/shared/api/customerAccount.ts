/**
 * Request schemas of the customer's account API: licenses (transfer, accept, URL change),
 * invoices, orders, the account (newsletter, secondary users). Primary users only: the seed
 * gives secondary users the message board and the FAQ, nothing else.
 */
import { z } from 'zod';
import { NewsletterTopic } from '../domain/model';
import { newPassword } from './profile';
import { urlId } from './urlNumbers';

const id = (what: string) => urlId(`must be ${what}`);
export const LicenseParams = z.strictObject({ licenseId: id('a license id') });
export const TransferParams = z.strictObject({ transferId: id('a transfer request id') });
export const InvoiceParams = z.strictObject({ invoiceId: id('an invoice id') });
export const UserParams = z.strictObject({ userId: id('a user id') });

export const httpUrl = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL, e.g. https://www.example.com/store/');

const email = z.string().trim().max(320).email('must be an email address');

export const TransferBody = z.strictObject({
  targetUrl: httpUrl,
  targetCompany: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  /** Main license: the target's primary contact email (existing customer or a new one). */
  targetEmail: email.optional(),
  /** Add-on or skin: one of your license keys, or another company's. */
  targetLicenseKey: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  /** Main license: 'Account information', the person who will manage the license (required for a new customer). */
  targetContactName: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  points: z.number().int().min(0, 'must not be negative').max(100_000).default(0),
});

/** The seed's "How to transfer skin/add-on license?": add-ons of one main license to one license key. */
export const AddonTransferBody = z.strictObject({
  addonIds: z.array(z.number().int().positive()).min(1, 'choose at least one add-on or skin').max(100),
  targetLicenseKey: z.string({ error: 'must be a license key' }).trim().min(1, 'type the license key the add-on goes to').max(100),
  points: z.number().int().min(0, 'must not be negative').max(100_000).default(0),
});

export const AcceptTransferBody = z.strictObject({ signature: z.string().max(200, 'must be at most 200 characters') });

export const UrlChangeBody = z.strictObject({
  newUrl: httpUrl,
  acknowledged: z.literal(true, { error: 'tick "I understand that I have to remove the software from the old URL in 48 hours after the license is reissued"' }),
});

export const NewsletterBody = z.strictObject({ topics: z.array(NewsletterTopic).max(5) });

export const NewSecondaryUserBody = z.strictObject({
  email,
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  /** Optional (scripts): without it the new user gets an e-mail with a link to set the password. */
  password: newPassword.optional(),
});

export const FakeCheckoutBody = z.strictObject({ invoiceId: z.number().int().positive() });
