/**
 * Billing's payout decisions, pushed from the console (staff.billing and staff.admin, after
 * the shared permission table's check): pay a requested payout, convert it into support
 * points on the affiliate's account, or reject it with a reason (its commissions go back to
 * the affiliate's approved balance). Each decision is audited.
 */
import type { MutationArgs } from '../../shared/sync/protocol';
import type { PayoutAction } from '../../shared/affiliates/affiliates';
import { recordAudit } from '../audit/auditLog';
import { permitted } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';
import { decideAffiliatePayout } from './payouts';

type PayoutMutation = 'payout.pay' | 'payout.convert' | 'payout.reject';

const decide = <N extends PayoutMutation>(name: N, action: PayoutAction) =>
  permitted(name, async (ctx: CommandContext, a: MutationArgs<N>) => {
    const reason = 'reason' in a ? a.reason : null;
    const result = await decideAffiliatePayout(ctx.w, a.payoutId, action, ctx.actor.id, reason);
    if (result.changed) {
      const details = reason !== null ? { reason, releasedCents: result.releasedCents } : result.points === null ? {} : { points: result.points };
      await recordAudit(ctx.w, { actorUserId: ctx.actor.id, action: name, entity: 'affiliate_payout', entityId: a.payoutId, accountId: result.accountId, details, at: ctx.w.now });
    }
    return { changed: result.changed, points: result.points };
  });

export const affiliateCommands = {
  pay: decide('payout.pay', 'pay'),
  convert: decide('payout.convert', 'convert'),
  reject: decide('payout.reject', 'reject'),
};
