/**
 * Billing's payout decisions, pushed from the console (staff.billing and staff.admin, after
 * the shared permission table's check): pay a requested payout, or convert it into support
 * points on the affiliate's account. Each decision is audited.
 */
import type { MutationArgs } from '../../shared/sync/protocol';
import type { PayoutAction } from '../../shared/affiliates/affiliates';
import { recordAudit } from '../audit/auditLog';
import { permitted } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';
import { decideAffiliatePayout } from './payouts';

const decide = (name: 'payout.pay' | 'payout.convert', action: PayoutAction) =>
  permitted(name, async (ctx: CommandContext, a: MutationArgs<typeof name>) => {
    const result = await decideAffiliatePayout(ctx.w, a.payoutId, action, ctx.actor.id);
    if (result.changed) {
      await recordAudit(ctx.w, { actorUserId: ctx.actor.id, action: name, entity: 'affiliate_payout', entityId: a.payoutId, accountId: result.accountId, details: result.points === null ? {} : { points: result.points }, at: ctx.w.now });
    }
    return { changed: result.changed, points: result.points };
  });

export const affiliateCommands = {
  pay: decide('payout.pay', 'pay'),
  convert: decide('payout.convert', 'convert'),
};
