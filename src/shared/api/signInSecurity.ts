/**
 * Request and answer shapes of the user's own sign-in security, for staff and customers: the
 * list of own sessions and ending them, and staff two-factor (TOTP) enrolment.
 */
import { z } from 'zod';
import { urlId } from './urlNumbers';

export const SessionParams = z.strictObject({ sessionId: urlId('must be a session id') });

/** One of the user's own sessions as the list shows it; never its token. `current`: the session this request came with. */
export const OwnSessionSchema = z.object({
  id: z.number(),
  createdAt: z.number(),
  lastSeenAt: z.number().nullable(),
  expiresAt: z.number(),
  ip: z.string(),
  userAgent: z.string(),
  current: z.boolean(),
});
export type OwnSession = z.infer<typeof OwnSessionSchema>;

/** A six-digit code from the authenticator app, or a recovery code (xxxx-xxxx-xx, letters and digits). */
export const twoFactorCode = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^(\d{6}|[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{2})$/i, 'must be the 6 digits of your authenticator app, or one of your recovery codes');

export const TwoFactorConfirmBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows') });
export const TwoFactorDisableBody = z.strictObject({ password: z.string().min(1, 'must not be empty').max(1000) });
export const TwoFactorSettingBody = z.strictObject({ requiredForStaff: z.boolean({ error: 'must be true or false' }) });

/** What enrolment shows once: the QR code (an SVG data URL, shown as an image) and the secret for typing in. */
export const TwoFactorEnrolmentSchema = z.object({ qrCodeDataUrl: z.string().startsWith('data:image/svg+xml;base64,'), secret: z.string(), otpauthUrl: z.string() });
export type TwoFactorEnrolment = z.infer<typeof TwoFactorEnrolmentSchema>;

/** `recoveryCodesLeft`: not yet used; `requiredForStaff`: the admin setting, every staff member must have two-factor. */
export const TwoFactorStatusSchema = z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number(), requiredForStaff: z.boolean() });
export type TwoFactorStatus = z.infer<typeof TwoFactorStatusSchema>;
