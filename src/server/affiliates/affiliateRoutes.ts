/**
 * The affiliate program's routes: a primary user joins, reads its page and asks for a payout;
 * a visitor's arrival through a referral link (kept in a cookie until sign-in or an order);
 * billing's payout list (decisions are pushed mutations, affiliateCommands.ts); the admin's
 * settings.
 */
import { z } from 'zod';
import { AffiliatePage, AffiliateSettings, PayoutQueue, ReferralVisit, ReferralVisited, windowMs } from '../../shared/affiliates/affiliates';
import { userForToken } from '../auth/sessions';
import { primaryOnly } from '../billing/billingRoutes';
import { affiliateSettings, saveAffiliateSettings } from '../config/settings';
import { publicUrlOf } from '../config/serverConfig';
import { queryBuilder } from '../db/queryBuilder';
import { defineRoute, type RouteSpec } from '../http/routes';
import { cookieToken } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { adminSettingRoutes } from '../lifecycle/settingsRoutes';
import { write } from '../sync/changeLog';
import { readAffiliatePage, readPayoutQueue } from './affiliateViews';
import { requestPayout } from './payouts';
import { clearReferralCookie, setReferralCookie } from './referralCookie';
import { affiliateByCode, joinProgram, recordReferral, unknownCode } from './referrals';

const tag = 'Affiliate program';
const billingStaff = ['staff.billing', 'staff.admin'] as const;
const affiliateRefusal = { 'customer.secondary': 'only the account\'s owner (its primary user) can join the affiliate program and see its commission' } as const;

export function affiliateRoutes(ctx: ServerContext): RouteSpec[] {
  const page = (accountId: number) => readAffiliatePage(ctx.db, accountId, publicUrlOf(ctx.config));
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/affiliate', tag, access: primaryOnly, refusals: affiliateRefusal, summary: 'Read the own affiliate page',
      response: AffiliatePage,
      handler: ({ user }) => page(user.accountId!),
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/affiliate', tag, access: primaryOnly, refusals: affiliateRefusal, summary: 'Join the affiliate program',
      response: AffiliatePage,
      handler: async ({ user }) => {
        await joinProgram(ctx.db, user.accountId!, user.id, ctx.clock.now());
        return page(user.accountId!);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/affiliate/payouts', tag, access: primaryOnly, refusals: affiliateRefusal, summary: 'Ask for a payout of the approved commission',
      response: z.object({ payoutId: z.number(), amountCents: z.number() }),
      handler: ({ user }) => write(ctx.db, ctx.clock.now(), (w) => requestPayout(w, user.accountId!, user.id)),
    }),
    defineRoute({
      method: 'POST', url: '/api/portal/referral', tag, access: 'public', csrf: true,
      summary: 'Arrive through a referral link (remembered in a cookie until sign-in or an order; recorded at once when signed in)',
      body: ReferralVisit, response: ReferralVisited,
      handler: async ({ body, request, reply }) => {
        const now = ctx.clock.now();
        const affiliate = await affiliateByCode(ctx.db, body.code);
        if (!affiliate) throw unknownCode(body.code, 'body.code');
        const token = cookieToken(request);
        const user = token ? await userForToken(ctx.db, token, now) : null;
        const customerAccount = user?.role.startsWith('customer.') ? user.accountId : null;
        let recorded = false;
        // A signed-in customer is recorded now: its own account's code is refused with the reason.
        if (customerAccount) recorded = (await recordReferral(ctx.db, { code: affiliate.code, accountId: customerAccount, clickedAt: now, now, field: 'body.code' })).recorded;
        await queryBuilder(ctx.db).updateTable('affiliates').set((eb) => ({ clicks: eb('clicks', '+', 1) })).where('id', '=', affiliate.id).execute();
        if (customerAccount) clearReferralCookie(reply, ctx.config);
        else setReferralCookie(reply, ctx.config, affiliate.code, now, windowMs(await affiliateSettings(ctx.db)));
        return { remembered: !customerAccount, recorded };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/billing/affiliate-payouts', tag, access: billingStaff, summary: 'List affiliate payouts to decide, and the latest decided',
      response: PayoutQueue,
      handler: () => readPayoutQueue(ctx.db),
    }),
    ...adminSettingRoutes(ctx, {
      url: '/api/admin/settings/affiliate', tag, what: 'the affiliate program settings', auditAction: 'settings.affiliate.update',
      schema: AffiliateSettings, read: affiliateSettings, save: saveAffiliateSettings,
    }),
  ];
}
