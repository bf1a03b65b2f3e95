/**
 * Billing's affiliate payouts: decisions are local actions of the sync engine (pushed through
 * /api/sync/push, refused there for other roles); the payouts are read from the server
 * directly (online only): they are not part of the synced rows.
 */
import type { Handlers } from '../../shared/console/consoleApi';
import { online } from '../console/handlers/staffHandlers';
import type { HandlerContext } from '../console/handlers/handlerContext';
import { performAction } from '../console/handlers/performAction';
import { readPayoutQueue } from '../console/staffApi';

type PayoutOperation = 'payout.pay' | 'payout.convert' | 'payout.reject' | 'payout.list';

export function payoutHandlers(ctx: HandlerContext): Pick<Handlers, PayoutOperation> {
  const act = performAction(ctx);
  const stored = () => ctx.sessions.require().stored;
  return {
    'payout.pay': act('payout.pay'),
    'payout.convert': act('payout.convert'),
    'payout.reject': act('payout.reject'),
    'payout.list': () => online('affiliate payouts', () => readPayoutQueue(ctx.fetch, stored().serverUrl, stored().token)),
  };
}
