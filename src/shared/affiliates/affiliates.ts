/**
 * The affiliate program (DOMAIN.md "Affiliates"): a primary user's referral link and code; an
 * account that came through it and buys within the window earns the affiliate a commission
 * (a percent of the paid amount) when billing verifies the order; never inside one account,
 * and only for an account new through the link (opened at or after the visit).
 * Approved commissions are paid out on request: billing pays them, or converts them into
 * support points through the ledger. The rules live here once, for the server (which
 * decides), the portal and the console (which show the same reasons).
 */
import { z } from 'zod';

const DAY = 86_400_000;

/** Admin settings of the program. */
export const AffiliateSettings = z.strictObject({
  /** Commission, in percent of the order's paid amount. */
  commissionPercent: z.number().positive('must be more than 0').max(100, 'must be at most 100'),
  /** Days from the visit through the link within which a purchase earns commission (also the referral cookie's life). */
  windowDays: z.number().int('must be whole days').min(1, 'must be at least 1').max(3650, 'must be at most 3650'),
  /** What one support point is worth when billing converts a payout into points, in cents. */
  pointCents: z.number().int('must be whole cents').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000'),
});
export type AffiliateSettings = z.infer<typeof AffiliateSettings>;
export const defaultAffiliateSettings: AffiliateSettings = { commissionPercent: 10, windowDays: 90, pointCents: 100 };

export const windowMs = (s: Pick<AffiliateSettings, 'windowDays'>): number => s.windowDays * DAY;

/** A referral code: eight capitals and digits, with no look-alikes (0/O, 1/I) to mistype. */
export const referralCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ReferralCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{8}$/, 'must be the 8 letters and digits of a referral code'));

/** The link an affiliate hands out: the signed-out catalogue, carrying the code. */
export const referralLink = (publicUrl: string, code: string): string => `${publicUrl.replace(/\/$/, '')}/catalogue?ref=${encodeURIComponent(code)}`;

/** The commission on a paid amount, rounded down to the cent. */
export const commissionCents = (paidCents: number, percent: number): number => Math.floor((paidCents * Math.round(percent * 100)) / 10_000);

/** Support points a payout converts into (whole points; the remainder is not paid). */
export const payoutPoints = (amountCents: number, pointCents: number): number => Math.floor(amountCents / pointCents);

/** Whether a purchase paid at `paidAt` is inside the window of a visit at `clickedAt`. */
export const withinWindow = (clickedAt: number, paidAt: number, s: Pick<AffiliateSettings, 'windowDays'>): boolean =>
  paidAt >= clickedAt && paidAt - clickedAt <= windowMs(s);

/** The ledger entry's reason for a payout converted into support points. */
export const formatPayoutReason = (payoutId: number, amountCents: number): string =>
  `Affiliate commission payout #${payoutId} (USD ${(amountCents / 100).toFixed(2)}) converted into support points`;

export type ReferralRefusal = { code: 'self_referral' | 'not_new_account'; reason: string };

/**
 * Why an account may not be referred by this affiliate: its own account (the affiliate, or a
 * user of its account), or an account that existed before its visit through the link (a
 * referral brings a new customer: the visitor's guest order opens the account).
 */
export function referralRefusal(affiliateAccountId: number, account: { id: number; createdAt: number }, clickedAt: number): ReferralRefusal | null {
  if (affiliateAccountId === account.id) {
    return { code: 'self_referral', reason: 'this is your own account\'s referral code: referrals inside one account earn no commission' };
  }
  if (account.createdAt < clickedAt) {
    return { code: 'not_new_account', reason: 'your account was opened before this visit through the referral link: a referral counts only for a new customer whose order opens the account' };
  }
  return null;
}

export const payoutStatuses = ['requested', 'paid', 'converted', 'rejected'] as const;
export const PayoutStatus = z.enum(payoutStatuses);
export type PayoutStatus = z.infer<typeof PayoutStatus>;
export const payoutStatusLabel: Record<PayoutStatus, string> = { requested: 'Requested', paid: 'Paid', converted: 'Converted to support points', rejected: 'Rejected' };

export type PayoutAction = 'pay' | 'convert' | 'reject';
const payoutTarget: Record<PayoutAction, PayoutStatus> = { pay: 'paid', convert: 'converted', reject: 'rejected' };
/** The one refusal code of a decision on a payout decided already, on the server and in the console. */
export const payoutDecidedCode = 'payout_decided';
/**
 * Billing's decision on a payout: only a requested one is decided; the same decision again
 * changes nothing (a console's retry); another decision on a decided payout is refused. A
 * rejected payout's commissions go back to the affiliate's approved balance, to ask for again.
 */
export function decidePayout(p: { id: number; status: PayoutStatus }, action: PayoutAction): { ok: true; next: PayoutStatus | null } | { ok: false; code: typeof payoutDecidedCode; reason: string } {
  const target = payoutTarget[action];
  if (p.status === 'requested') return { ok: true, next: target };
  if (p.status === target) return { ok: true, next: null };
  return { ok: false, code: payoutDecidedCode, reason: `payout #${p.id} is ${payoutStatusLabel[p.status].toLowerCase()} already` };
}

// The portal's answers.

export const AffiliateReferral = z.object({
  id: z.number(),
  /** The referred account, as its affiliate may see it: the company name only. */
  company: z.string(),
  clickedAt: z.number(),
  referredAt: z.number(),
  /** The window ends: purchases after it earn nothing. */
  windowEndsAt: z.number(),
});
export const AffiliateOrder = z.object({
  orderId: z.number(),
  company: z.string(),
  paidAt: z.number(),
  amountCents: z.number(),
  orderStatus: z.enum(['pending', 'verified', 'rejected']),
  /** pending: waiting for billing (the amount at today's percent); approved: credited; none: rejected, or outside the window. */
  commission: z.enum(['pending', 'approved', 'none']),
  commissionCents: z.number(),
  payoutId: z.number().nullable(),
});
export const AffiliatePayout = z.object({
  id: z.number(),
  amountCents: z.number(),
  status: PayoutStatus,
  requestedAt: z.number(),
  decidedAt: z.number().nullable(),
  points: z.number().nullable(),
  /** Why billing rejected it (shown to the affiliate); null unless rejected. */
  rejectReason: z.string().nullable(),
});
export type AffiliatePayout = z.infer<typeof AffiliatePayout>;

export const AffiliatePage = z.object({
  /** Null: the account has not joined. */
  affiliate: z
    .object({
      code: z.string(),
      link: z.string(),
      joinedAt: z.number(),
      clicks: z.number(),
      referrals: z.array(AffiliateReferral),
      orders: z.array(AffiliateOrder),
      pendingCents: z.number(),
      /** Credited and not yet asked for. */
      approvedCents: z.number(),
      payouts: z.array(AffiliatePayout),
    })
    .nullable(),
  settings: AffiliateSettings,
});
export type AffiliatePage = z.infer<typeof AffiliatePage>;

export const ReferralVisit = z.strictObject({ code: ReferralCode });
export const ReferralVisited = z.object({
  /** Remembered (cookie) until sign-in or an order, or recorded at once for a signed-in customer. */
  remembered: z.boolean(),
  recorded: z.boolean(),
});

// Billing's list and decisions (the console).

export const PayoutRequest = AffiliatePayout.extend({ accountId: z.number(), company: z.string(), commissions: z.number() });
export type PayoutRequest = z.infer<typeof PayoutRequest>;
export const PayoutQueue = z.object({ payouts: z.array(PayoutRequest), pointCents: z.number() });
export type PayoutQueue = z.infer<typeof PayoutQueue>;

const payoutId = z.number().int().positive();
/** The reason of a rejected payout, told to the affiliate word for word. */
export const PayoutRejectReason = z.string().trim().min(1, 'must say why').max(1000, 'must be at most 1000 characters');
/** Billing (staff.billing and staff.admin): pay a requested payout, convert it into support points, or reject it with a reason. */
export const affiliateMutationArgs = {
  'payout.pay': z.strictObject({ payoutId }),
  'payout.convert': z.strictObject({ payoutId }),
  'payout.reject': z.strictObject({ payoutId, reason: PayoutRejectReason }),
} as const;
