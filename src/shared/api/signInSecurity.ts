/**
 * Request and answer shapes of the user's own sign-in security, for staff and customers: the
 * list of own sessions and ending them, and staff two-factor (TOTP) enrolment.
 */
import { z } from 'zod';
import { urlId } from './urlNumbers';

export const SessionParams = z.strictObject({ sessionId: urlId('must be a session id') });

/** One of the user's own sessions as the list shows it; never its token. */
export interface OwnSession {
  id: number;
  createdAt: number;
  lastSeenAt: number | null;
  expiresAt: number;
  ip: string;
  userAgent: string;
  /** The session this request came with. */
  current: boolean;
}

/** A six-digit code from the authenticator app, or a recovery code (xxxx-xxxx-xx, letters and digits). */
export const twoFactorCode = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^(\d{6}|[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{2})$/i, 'must be the 6 digits of your authenticator app, or one of your recovery codes');

export const TwoFactorConfirmBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows') });
export const TwoFactorDisableBody = z.strictObject({ password: z.string().min(1, 'must not be empty').max(1000) });
export const TwoFactorSettingBody = z.strictObject({ requiredForStaff: z.boolean({ error: 'must be true or false' }) });

/** What enrolment shows once: the QR code (an SVG data URL) and the secret for typing in. */
export interface TwoFactorEnrolment {
  qrCodeDataUrl: string;
  secret: string;
  otpauthUrl: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  /** Recovery codes not yet used. */
  recoveryCodesLeft: number;
  /** The admin setting: every staff member must have two-factor. */
  requiredForStaff: boolean;
}
