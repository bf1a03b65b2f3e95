/**
 * Staff two-factor: TOTP (RFC 6238, 30-second steps, six digits, otplib) and ten single-use
 * recovery codes. The secret is sealed with the server's access-info key; recovery codes are
 * stored as SHA-256. A code is taken once: the newest accepted time step is kept per user
 * (`last_step`, under a row lock), so a replayed code, even within its 30 seconds, is refused.
 * Codes from one step before or after now are taken (clock drift), none older.
 */
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { TwoFactorEnrolment } from '../../shared/api/signInSecurity';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import type { ServerContext } from '../serverContext';

export const recoveryCodeCount = 10;
const settingsKey = 'two_factor';

/** The admin setting: every staff member must use two-factor. */
export async function twoFactorRequired(db: Queryable): Promise<boolean> {
  const row = await queryBuilder(db).selectFrom('settings').select('value').where('key', '=', settingsKey).executeTakeFirst();
  return (row?.value as { requiredForStaff?: boolean } | undefined)?.requiredForStaff === true;
}

export async function setTwoFactorRequired(db: Queryable, requiredForStaff: boolean): Promise<void> {
  const value = JSON.stringify({ requiredForStaff });
  await queryBuilder(db)
    .insertInto('settings')
    .values({ key: settingsKey, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Whether the user has two-factor on (enrolment confirmed with a first code). */
export async function twoFactorEnabled(db: Queryable, userId: number): Promise<boolean> {
  const row = await queryBuilder(db).selectFrom('staffTotp').select('confirmedAt').where('userId', '=', userId).executeTakeFirst();
  return row?.confirmedAt != null;
}

export async function recoveryCodesLeft(db: Queryable, userId: number): Promise<number> {
  const rows = await queryBuilder(db).selectFrom('recoveryCodes').select('id').where('userId', '=', userId).where('usedAt', 'is', null).execute();
  return rows.length;
}

/**
 * A new secret for the user, waiting for its first code (confirmTotp): the QR code to scan and
 * the secret to type. Replaces an earlier unconfirmed one; the caller refuses when two-factor
 * is on already.
 */
export async function startEnrolment(ctx: ServerContext, db: Queryable, user: { id: number; email: string }, now: number): Promise<TwoFactorEnrolment> {
  const secret = generateSecret();
  const sealed = ctx.accessInfo.seal(secret);
  const values = { secretCiphertext: sealed.ciphertext, secretIv: sealed.iv, secretAuthTag: sealed.authTag, createdAt: now, confirmedAt: null, lastStep: 0 };
  await queryBuilder(db)
    .insertInto('staffTotp')
    .values({ userId: user.id, ...values })
    .onConflict((oc) => oc.column('userId').doUpdateSet(values))
    .execute();
  const otpauthUrl = generateURI({ issuer: 'Switchboard', label: user.email, secret });
  // An SVG made by the qrcode package from the URI, shown as an <img>: no markup from user data.
  const svg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, secret, otpauthUrl };
}

/**
 * Checks a six-digit code against the user's secret (confirmed, or the one being enrolled when
 * `enrolling`) and, if right, records its step so it is never taken again. Locks the row: two
 * requests with one code give one success.
 */
export async function checkTotp(ctx: ServerContext, tx: Queryable, userId: number, code: string, now: number, enrolling = false): Promise<boolean> {
  const row = await queryBuilder(tx).selectFrom('staffTotp').selectAll().where('userId', '=', userId).forUpdate().executeTakeFirst();
  if (!row || (row.confirmedAt === null) !== enrolling) return false;
  const secret = ctx.accessInfo.open({ ciphertext: Buffer.from(row.secretCiphertext), iv: Buffer.from(row.secretIv), authTag: Buffer.from(row.secretAuthTag) });
  const result = await verify({ secret, token: code, epoch: Math.floor(now / 1000), epochTolerance: 30, afterTimeStep: row.lastStep > 0 ? row.lastStep : undefined });
  if (!result.valid || !('timeStep' in result)) return false;
  await queryBuilder(tx).updateTable('staffTotp').set({ lastStep: result.timeStep }).where('userId', '=', userId).execute();
  return true;
}

const normalizeRecoveryCode = (code: string): string => code.trim().toLowerCase().replace(/-/g, '');
const hashRecoveryCode = (code: string): string => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((b) => recoveryAlphabet[b % recoveryAlphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Uses one recovery code if it is the user's and unused; true when it was. */
export async function useRecoveryCode(tx: Queryable, userId: number, code: string, now: number): Promise<boolean> {
  const used = await queryBuilder(tx)
    .updateTable('recoveryCodes')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('codeHash', '=', hashRecoveryCode(code))
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return used !== undefined;
}

/** Turns two-factor on after a right first code: ten new recovery codes, shown once. */
export async function confirmEnrolment(tx: Queryable, userId: number, now: number): Promise<string[]> {
  const q = queryBuilder(tx);
  await q.updateTable('staffTotp').set({ confirmedAt: now }).where('userId', '=', userId).execute();
  await q.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  await q.insertInto('recoveryCodes').values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) }))).execute();
  return codes;
}

export async function disableTwoFactor(tx: Queryable, userId: number): Promise<void> {
  await queryBuilder(tx).deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  await queryBuilder(tx).deleteFrom('staffTotp').where('userId', '=', userId).execute();
}

/** The second factor at sign-in: a TOTP code, or else one of the recovery codes. */
export async function checkSecondFactor(ctx: ServerContext, tx: Queryable, userId: number, code: string, now: number): Promise<'totp' | 'recovery' | null> {
  if (/^\d{6}$/.test(code.trim())) return (await checkTotp(ctx, tx, userId, code.trim(), now)) ? 'totp' : null;
  return (await useRecoveryCode(tx, userId, code, now)) ? 'recovery' : null;
}
