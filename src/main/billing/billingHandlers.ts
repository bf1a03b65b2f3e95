/** The billing manager's queues from the cache, and its decisions as local actions of the sync engine (shown at once, synced behind). */
import type { Handlers } from '../../shared/console/consoleApi';
import type { MutationName } from '../../shared/sync/protocol';
import { readAccountBilling, readBillingQueue } from './billingQueue';
import type { HandlerContext } from '../console/handlers/handlerContext';
import { performAction } from '../console/handlers/performAction';
import type { TicketMutation } from '../tickets/ticketHandlers';
import type { HeldMailMutation } from '../../shared/api/heldMail';

type BillingMutation = Exclude<MutationName, TicketMutation | HeldMailMutation | `staff.${string}` | `department.${string}` | `catalogue.${string}` | `newsletter.${string}` | `forum.${string}` | `forumCategory.${string}` | `payout.${string}`>;

export function billingHandlers(ctx: HandlerContext): Pick<Handlers, BillingMutation | 'billing.queue' | 'billing.account'> {
  const act = performAction(ctx);
  return {
    'billing.queue': async () => readBillingQueue(ctx.sessions.require().cache.reader),
    'billing.account': async ({ accountId }) => readAccountBilling(ctx.sessions.require().cache.reader, accountId),
    'order.verify': act('order.verify'),
    'order.reject': act('order.reject'),
    'invoice.issue': act('invoice.issue'),
    'invoice.cancel': act('invoice.cancel'),
    'transfer.approve': act('transfer.approve'),
    'transfer.reject': act('transfer.reject'),
    'urlChange.approve': act('urlChange.approve'),
    'urlChange.reject': act('urlChange.reject'),
    'ledger.adjust': act('ledger.adjust'),
  };
}
