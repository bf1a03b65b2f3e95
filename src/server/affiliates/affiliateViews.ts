/**
 * What the affiliate sees in the portal (its link, referrals, their orders, commission pending
 * and approved, payouts) and billing's list of payouts to decide.
 */
import { commissionCents, referralLink, windowMs, withinWindow, PayoutStatus, type AffiliatePage, type PayoutQueue } from '../../shared/affiliates/affiliates';
import { OrderStatus } from '../../shared/billing/billingStatuses';
import { affiliateSettings } from '../config/settings';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

const recent = 200;

export async function readAffiliatePage(db: Queryable, accountId: number, publicUrl: string): Promise<AffiliatePage> {
  const settings = await affiliateSettings(db);
  const a = await queryBuilder(db).selectFrom('affiliates').select(['id', 'code', 'clicks', 'joinedAt']).where('accountId', '=', accountId).executeTakeFirst();
  if (!a) return { affiliate: null, settings };
  const q = queryBuilder(db);
  const referrals = await q
    .selectFrom('referrals as r')
    .innerJoin('accounts as c', 'c.id', 'r.accountId')
    .select(['r.id', 'c.company', 'r.clickedAt', 'r.referredAt'])
    .where('r.affiliateId', '=', a.id)
    .orderBy('r.referredAt', 'desc')
    .orderBy('r.id', 'desc')
    .limit(recent)
    .execute();
  const orders = await q
    .selectFrom('orders as o')
    .innerJoin('invoices as i', 'i.id', 'o.invoiceId')
    .innerJoin('referrals as r', 'r.accountId', 'o.accountId')
    .innerJoin('accounts as c', 'c.id', 'o.accountId')
    .leftJoin('affiliateCommissions as m', 'm.orderId', 'o.id')
    .select(['o.id as orderId', 'c.company', 'o.createdAt as paidAt', 'i.amountCents', 'o.status', 'r.clickedAt', 'm.amountCents as creditedCents', 'm.payoutId'])
    .where('r.affiliateId', '=', a.id)
    .whereRef('o.createdAt', '>=', 'r.clickedAt')
    .orderBy('o.createdAt', 'desc')
    .orderBy('o.id', 'desc')
    .limit(recent)
    .execute();
  const payouts = await q
    .selectFrom('affiliatePayouts')
    .select(['id', 'amountCents', 'status', 'requestedAt', 'decidedAt', 'points', 'rejectReason'])
    .where('affiliateId', '=', a.id)
    .orderBy('requestedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(recent)
    .execute();
  const approved = await q
    .selectFrom('affiliateCommissions')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amountCents'), eb.lit(0)).as('cents'))
    .where('affiliateId', '=', a.id)
    .where('payoutId', 'is', null)
    .executeTakeFirstOrThrow();
  const orderViews = orders.map((o) => {
    const status = OrderStatus.parse(o.status);
    const inWindow = withinWindow(o.clickedAt, o.paidAt, settings);
    const commission = o.creditedCents !== null ? ('approved' as const) : status === 'pending' && inWindow ? ('pending' as const) : ('none' as const);
    return {
      orderId: o.orderId, company: o.company, paidAt: o.paidAt, amountCents: o.amountCents, orderStatus: status, commission,
      commissionCents: o.creditedCents ?? (commission === 'pending' ? commissionCents(o.amountCents, settings.commissionPercent) : 0),
      payoutId: o.payoutId,
    };
  });
  return {
    affiliate: {
      code: a.code,
      link: referralLink(publicUrl, a.code),
      joinedAt: a.joinedAt,
      clicks: a.clicks,
      referrals: referrals.map((r) => ({ ...r, windowEndsAt: r.clickedAt + windowMs(settings) })),
      orders: orderViews,
      pendingCents: orderViews.filter((o) => o.commission === 'pending').reduce((s, o) => s + o.commissionCents, 0),
      approvedCents: Number(approved.cents),
      payouts: payouts.map((p) => ({ ...p, status: PayoutStatus.parse(p.status) })),
    },
    settings,
  };
}

/** Billing's list: payouts waiting for a decision (oldest first), then the latest decided. */
export async function readPayoutQueue(db: Queryable): Promise<PayoutQueue> {
  const base = () =>
    queryBuilder(db)
      .selectFrom('affiliatePayouts as p')
      .innerJoin('affiliates as a', 'a.id', 'p.affiliateId')
      .innerJoin('accounts as c', 'c.id', 'a.accountId')
      .select((eb) => [
        'p.id', 'p.amountCents', 'p.status', 'p.requestedAt', 'p.decidedAt', 'p.points', 'p.rejectReason', 'a.accountId', 'c.company',
        eb.selectFrom('affiliateCommissions as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.payoutId', '=', 'p.id').as('commissions'),
      ]);
  const waiting = await base().where('p.status', '=', 'requested').orderBy('p.requestedAt').orderBy('p.id').limit(500).execute();
  const decided = await base().where('p.status', '<>', 'requested').orderBy('p.decidedAt', 'desc').orderBy('p.id', 'desc').limit(50).execute();
  return {
    payouts: [...waiting, ...decided].map((p) => ({ ...p, status: PayoutStatus.parse(p.status), commissions: Number(p.commissions ?? 0) })),
    pointCents: (await affiliateSettings(db)).pointCents,
  };
}
