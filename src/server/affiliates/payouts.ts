/**
 * Payouts of approved commissions: the affiliate asks for everything credited and not yet
 * asked for; billing pays it (outside Switchboard), converts it into support points, a
 * ledger entry on the affiliate's account in the same transaction, or rejects it with a
 * reason, which releases its commissions to the approved balance again. Rows are locked
 * first, so two requests or two decisions at once make one.
 */
import { decidePayout, formatPayoutReason, payoutPoints, PayoutStatus, type PayoutAction } from '../../shared/affiliates/affiliates';
import { affiliateSettings } from '../config/settings';
import { queryBuilder } from '../db/queryBuilder';
import { conflict, notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { addLedgerEntry } from '../billing/ledger';

export async function requestPayout(w: ChangeWriter, accountId: number, userId: number): Promise<{ payoutId: number; amountCents: number }> {
  const affiliate = await queryBuilder(w.tx).selectFrom('affiliates').select('id').where('accountId', '=', accountId).forUpdate().executeTakeFirst();
  if (!affiliate) throw conflict('not_an_affiliate', 'your account has not joined the affiliate program', 'accountId');
  const open = await queryBuilder(w.tx)
    .selectFrom('affiliateCommissions')
    .select(['id', 'amountCents'])
    .where('affiliateId', '=', affiliate.id)
    .where('payoutId', 'is', null)
    .where('amountCents', '>', 0)
    .forUpdate()
    .execute();
  const amountCents = open.reduce((sum, c) => sum + c.amountCents, 0);
  if (!amountCents) throw conflict('nothing_to_pay', 'there is no approved commission to pay out yet: commission is approved when billing verifies a referred order');
  const payout = await queryBuilder(w.tx)
    .insertInto('affiliatePayouts')
    .values({ affiliateId: affiliate.id, amountCents, status: 'requested', requestedBy: userId, requestedAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queryBuilder(w.tx).updateTable('affiliateCommissions').set({ payoutId: payout.id }).where('id', 'in', open.map((c) => c.id)).execute();
  return { payoutId: payout.id, amountCents };
}

/**
 * Billing's decision (`reason` with a rejection only); `changed` false when the payout was
 * decided so already (a retry). A rejection releases the payout's commissions, so the
 * affiliate's approved balance is what it was before the request.
 */
export async function decideAffiliatePayout(w: ChangeWriter, payoutId: number, action: PayoutAction, actorId: number, reason: string | null = null): Promise<{ changed: boolean; accountId: number; points: number | null; releasedCents: number }> {
  const p = await queryBuilder(w.tx)
    .selectFrom('affiliatePayouts as p')
    .innerJoin('affiliates as a', 'a.id', 'p.affiliateId')
    .select(['p.id', 'p.status', 'p.amountCents', 'p.points', 'a.accountId'])
    .where('p.id', '=', payoutId)
    .forUpdate()
    .executeTakeFirst();
  if (!p) throw notFound(`payout ${payoutId}`);
  const decision = decidePayout({ id: p.id, status: PayoutStatus.parse(p.status) }, action);
  if (!decision.ok) throw conflict(decision.code, `args.payoutId: ${decision.reason}`, 'args.payoutId');
  if (!decision.next) return { changed: false, accountId: p.accountId, points: p.points, releasedCents: 0 };
  if (action === 'reject') {
    const released = await queryBuilder(w.tx).updateTable('affiliateCommissions').set({ payoutId: null }).where('payoutId', '=', p.id).returning('amountCents').execute();
    await queryBuilder(w.tx)
      .updateTable('affiliatePayouts')
      .set({ status: decision.next, decidedBy: actorId, decidedAt: w.now, rejectReason: reason })
      .where('id', '=', p.id)
      .execute();
    return { changed: true, accountId: p.accountId, points: null, releasedCents: released.reduce((sum, c) => sum + c.amountCents, 0) };
  }
  let points: number | null = null;
  let ledgerEntryId: number | null = null;
  if (action === 'convert') {
    points = payoutPoints(p.amountCents, (await affiliateSettings(w.tx)).pointCents);
    if (points < 1) throw conflict('payout_too_small', `args.payoutId: payout #${p.id} is worth less than one support point; pay it instead`, 'args.payoutId');
    ledgerEntryId = await addLedgerEntry(w, { accountId: p.accountId, kind: 'affiliate_payout', points, reason: formatPayoutReason(p.id, p.amountCents), createdBy: actorId });
  }
  await queryBuilder(w.tx)
    .updateTable('affiliatePayouts')
    .set({ status: decision.next, decidedBy: actorId, decidedAt: w.now, points, ledgerEntryId })
    .where('id', '=', p.id)
    .execute();
  return { changed: true, accountId: p.accountId, points, releasedCents: 0 };
}
