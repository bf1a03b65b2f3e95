/**
 * The referral a visitor came with becomes its account's when it signs in or orders online,
 * if that account was opened since the visit (normally the visitor's guest order opens it and
 * takes the referral at once: catalogue/guestOrder.ts). A refusal (its own account's code, an
 * account older than the visit, an unknown code) must not fail either, so it records
 * nothing and the cookie goes; so does a recorded one (it is the account's now, and another
 * account signing in on this browser later is not the visitor who came through the link).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../serverContext';
import { clearReferralCookie, referralOf } from './referralCookie';
import { recordReferralQuietly } from './referrals';

export async function keepReferral(
  ctx: Pick<ServerContext, 'db' | 'clock' | 'config'>,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { role: string; accountId: number | null },
): Promise<void> {
  const referral = referralOf(request);
  if (!referral || !user.role.startsWith('customer.') || user.accountId === null) return;
  await recordReferralQuietly(ctx.db, { ...referral, accountId: user.accountId, now: ctx.clock.now() });
  clearReferralCookie(reply, ctx.config);
}
