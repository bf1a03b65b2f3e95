/**
 * Request schemas of passwords, single-use links and the self-profile: forgot password, set
 * a password from an emailed link, confirm a new e-mail address, and a user's own name,
 * password and e-mail. The password policy itself is in shared/auth/passwordPolicy.ts.
 */
import { z } from 'zod';
import { passwordShapeIssue } from '../auth/passwordPolicy';

export { minPasswordLength } from '../auth/passwordPolicy';
/** A new password's shape; the server checks the rest of the policy (passwordIssue) before it stores one. */
export const newPassword = z.string().superRefine((password, ctx) => {
  const issue = passwordShapeIssue(password);
  if (issue) ctx.addIssue({ code: 'custom', message: issue });
});

const email = z.string().trim().toLowerCase().max(320, 'must be at most 320 characters').email('must be an email address');
/** The link's token as the email carries it (base64url of 32 random bytes). */
const token = z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'is not a valid link; open the link from the e-mail again');

export const linkPurposes = ['password_reset', 'first_password', 'email_change'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

/** How long a link may be used after it is sent. */
export const linkLifetimeMs: Record<LinkPurpose, number> = {
  password_reset: 3_600_000,
  first_password: 3_600_000,
  // The new address's owner may read mail only once a day; the change is harmless until confirmed.
  email_change: 24 * 3_600_000,
};

export const ForgotPasswordBody = z.strictObject({ email });
export const LinkCheckBody = z.strictObject({ token });
export const SetPasswordBody = z.strictObject({ token, password: newPassword });
export const ConfirmEmailBody = z.strictObject({ token });

export const ProfileNameBody = z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters') });
export const PasswordChangeBody = z.strictObject({ currentPassword: z.string().min(1, 'must not be empty').max(1000), newPassword });
export const EmailChangeBody = z.strictObject({ email });

/** The one answer to "Forgot password?", whether or not the address has an account. */
export const forgotPasswordAnswer =
  'If an account with that e-mail exists, we sent a link to it to set a new password. The link works once, for one hour. Check your inbox (and the spam folder).';

export interface LinkInfo {
  purpose: LinkPurpose;
  email: string;
  name: string;
  /** The address an email_change link confirms. */
  newEmail: string | null;
}

export interface SelfProfile {
  id: number;
  name: string;
  email: string;
  role: string;
  /** The account's contact address (all notifications go there); primary users only. */
  contactEmail: string | null;
  /** An e-mail change waiting for its confirmation link. */
  pendingEmail: { email: string; expiresAt: number } | null;
}

/** The "Newsletter" section's options, in the help page's words and order. */
export const newsletterLabels = {
  company_news: 'Company news:',
  promotions: 'Promotions and special offers:',
  security_alerts: 'Security alerts and advisory:',
  new_products: 'About new products and releases:',
  minor_releases: 'Minor releases and updates (high volume):',
} as const;
