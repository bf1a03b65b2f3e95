/**
 * The billing side of the console's pushed mutations (staff.billing and staff.admin): verify
 * or reject orders, issue or cancel invoices, decide transfer and URL-change requests, adjust
 * the points ledger. Each runs in the push's transaction for its mutation, after the role
 * check of the shared permission table.
 */
import type { MutationArgs, MutationName } from '../../shared/sync/protocol';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import { approveTransfer, rejectTransfer } from '../licenses/transfers';
import { approveUrlChange, rejectUrlChange } from '../licenses/urlChanges';
import type { CommandContext } from '../tickets/ticketCommands';
import { permitted } from '../tickets/ticketAccess';
import { cancelInvoice, issueInvoice } from './invoices';
import { addLedgerEntry } from './ledger';
import { rejectOrder, verifyOrder } from './orders';

const command = <N extends MutationName>(name: N, run: (ctx: CommandContext, a: MutationArgs<N>) => Promise<unknown>) => permitted(name, run);

export const billingCommands = {
  verifyOrder: command('order.verify', (c, a) => verifyOrder(c.w, c.publicUrl, a.orderId, c.actor.id)),
  rejectOrder: command('order.reject', (c, a) => rejectOrder(c.w, c.publicUrl, a.orderId, a.reason, c.actor.id)),
  issueInvoice: command('invoice.issue', async (c, a) => ({ invoiceId: await issueInvoice(c.w, c.publicUrl, a) })),
  cancelInvoice: command('invoice.cancel', (c, a) => cancelInvoice(c.w, a.invoiceId)),
  approveTransfer: command('transfer.approve', (c, a) => approveTransfer(c.w, c.publicUrl, a.transferId, c.actor.id)),
  rejectTransfer: command('transfer.reject', (c, a) => rejectTransfer(c.w, c.publicUrl, a.transferId, a.reason, c.actor.id)),
  approveUrlChange: command('urlChange.approve', (c, a) => approveUrlChange(c.w, c.publicUrl, a.requestId, c.actor.id)),
  rejectUrlChange: command('urlChange.reject', (c, a) => rejectUrlChange(c.w, c.publicUrl, a.requestId, a.reason, c.actor.id)),
  adjustPoints: command('ledger.adjust', async (c, a) => {
    const account = await queryBuilder(c.w.tx).selectFrom('accounts').select('id').where('id', '=', a.accountId).forUpdate().executeTakeFirst();
    if (!account) throw new ApiError(400, 'unknown_account', `account ${a.accountId} does not exist`, 'args.accountId');
    return { entryId: await addLedgerEntry(c.w, { accountId: a.accountId, kind: 'adjustment', points: a.points, reason: a.reason, createdBy: c.actor.id }) };
  }),
};
