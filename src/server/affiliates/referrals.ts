/**
 * Joining the affiliate program, recording a referred account, and crediting the commission
 * of a verified order (src/shared/affiliates/affiliates.ts decides). A referral is recorded
 * when the visitor's guest order opens its account (or, for an account opened since the
 * visit, when it signs in or orders); the commission is credited
 * in the verification's transaction, once per order (its unique key), never for a rejected one.
 */
import { randomInt } from 'node:crypto';
import { commissionCents, referralCodeAlphabet, referralRefusal, withinWindow } from '../../shared/affiliates/affiliates';
import { affiliateSettings } from '../config/settings';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError, conflict } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';

const newCode = (): string => Array.from({ length: 8 }, () => referralCodeAlphabet[randomInt(referralCodeAlphabet.length)]).join('');

/** The account's affiliate, joining it on the first call (a second join, or two at once, make one). */
export async function joinProgram(q: Queryable, accountId: number, userId: number, now: number): Promise<{ code: string; created: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await queryBuilder(q)
      .insertInto('affiliates')
      .values({ accountId, joinedBy: userId, code: newCode(), joinedAt: now })
      // The account joined already, or (rarely) the code is taken: the checks below tell which.
      .onConflict((oc) => oc.doNothing())
      .returning('code')
      .executeTakeFirst();
    if (row) return { code: row.code, created: true };
    const existing = await queryBuilder(q).selectFrom('affiliates').select('code').where('accountId', '=', accountId).executeTakeFirst();
    if (existing) return { code: existing.code, created: false };
  }
  throw new Error('joinProgram: no free referral code after 5 attempts');
}

export async function affiliateByCode(q: Queryable, code: string) {
  return queryBuilder(q).selectFrom('affiliates').select(['id', 'accountId', 'code']).where('code', '=', code).executeTakeFirst();
}

export const unknownCode = (code: string, field: string): ApiError => new ApiError(404, 'unknown_referral_code', `${field}: no affiliate has the referral code ${code}`, field);

/**
 * Records that `accountId` came through `code` at `clickedAt`. The first referral of an
 * account stands (a later link changes nothing); the affiliate's own account, and an account
 * opened before the visit, are refused (src/shared/affiliates).
 */
export async function recordReferral(q: Queryable, r: { code: string; accountId: number; clickedAt: number; now: number; field: string }): Promise<{ recorded: boolean }> {
  const affiliate = await affiliateByCode(q, r.code);
  if (!affiliate) throw unknownCode(r.code, r.field);
  const account = await queryBuilder(q).selectFrom('accounts').select(['id', 'createdAt']).where('id', '=', r.accountId).executeTakeFirstOrThrow();
  const refused = referralRefusal(affiliate.accountId, account, Math.min(r.clickedAt, r.now));
  if (refused) throw conflict(refused.code, `${r.field}: ${refused.reason}`, r.field);
  const row = await queryBuilder(q)
    .insertInto('referrals')
    .values({ affiliateId: affiliate.id, accountId: r.accountId, clickedAt: Math.min(r.clickedAt, r.now), referredAt: r.now })
    .onConflict((oc) => oc.column('accountId').doNothing())
    .returning('id')
    .executeTakeFirst();
  return { recorded: !!row };
}

/** The same, where a refusal must not fail what the customer is doing (signing in, ordering): refused or unknown codes record nothing. */
export async function recordReferralQuietly(q: Queryable, r: { code: string; accountId: number; clickedAt: number; now: number }): Promise<{ recorded: boolean; refused: boolean }> {
  try {
    return { ...(await recordReferral(q, { ...r, field: 'cookie' })), refused: false };
  } catch (err) {
    if (err instanceof ApiError) return { recorded: false, refused: true };
    throw err;
  }
}

/**
 * The commission a just-verified order earns its account's affiliate: a percent (the setting
 * now) of the invoice's paid amount, when it was paid within the window of the visit.
 * Idempotent: the order's unique key makes a second call a no-op.
 */
export async function creditCommission(w: ChangeWriter, orderId: number): Promise<{ credited: boolean }> {
  const o = await queryBuilder(w.tx)
    .selectFrom('orders as o')
    .innerJoin('invoices as i', 'i.id', 'o.invoiceId')
    .innerJoin('referrals as r', 'r.accountId', 'o.accountId')
    .innerJoin('affiliates as a', 'a.id', 'r.affiliateId')
    .innerJoin('accounts as ac', 'ac.id', 'o.accountId')
    .select(['o.status', 'o.createdAt as paidAt', 'i.amountCents', 'r.clickedAt', 'a.id as affiliateId', 'a.accountId as affiliateAccountId', 'o.accountId', 'ac.createdAt as accountCreatedAt'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!o || o.status !== 'verified') return { credited: false };
  // Guarded again here: a referral row can only be made through recordReferral, but the rule is the rule.
  if (referralRefusal(o.affiliateAccountId, { id: o.accountId, createdAt: o.accountCreatedAt }, o.clickedAt)) return { credited: false };
  const settings = await affiliateSettings(w.tx);
  if (!withinWindow(o.clickedAt, o.paidAt, settings)) return { credited: false };
  const row = await queryBuilder(w.tx)
    .insertInto('affiliateCommissions')
    .values({ affiliateId: o.affiliateId, orderId, baseCents: o.amountCents, percent: settings.commissionPercent, amountCents: commissionCents(o.amountCents, settings.commissionPercent), createdAt: w.now })
    .onConflict((oc) => oc.column('orderId').doNothing())
    .returning('id')
    .executeTakeFirst();
  return { credited: !!row };
}
