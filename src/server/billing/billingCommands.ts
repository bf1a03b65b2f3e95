/**
 * The billing side of the console's pushed mutations (staff.billing and staff.admin): verify
 * or reject orders, issue or cancel invoices, decide transfer and URL-change requests, adjust
 * the points ledger. Each runs in the push's transaction for its mutation, after the role
 * check of the shared permission table.
 */
import type { MutationArgs } from '../../shared/sync/protocol';
import { recordAudit } from '../audit/auditLog';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import { approveTransfer, rejectTransfer } from '../licenses/transfers';
import { approveUrlChange, rejectUrlChange } from '../licenses/urlChanges';
import type { CommandContext } from '../tickets/ticketCommands';
import { permitted } from '../tickets/ticketAccess';
import { cancelInvoice, issueInvoice } from './invoices';
import { addLedgerEntry } from './ledger';
import { rejectOrder, verifyOrder } from './orders';

/**
 * What each billing decision acts on, for its audit record: the entity, its id (from the
 * arguments, or for a new invoice from the result) and the account it concerns.
 */
const audited: Record<BillingMutation, { entity: string; table: 'orders' | 'invoices' | 'licenseTransfers' | 'urlChangeRequests' | null; id: (a: Record<string, unknown>, result: Record<string, unknown>) => unknown }> = {
  'order.verify': { entity: 'order', table: 'orders', id: (a) => a.orderId },
  'order.reject': { entity: 'order', table: 'orders', id: (a) => a.orderId },
  'invoice.issue': { entity: 'invoice', table: 'invoices', id: (_a, r) => r.invoiceId },
  'invoice.cancel': { entity: 'invoice', table: 'invoices', id: (a) => a.invoiceId },
  'transfer.approve': { entity: 'license_transfer', table: 'licenseTransfers', id: (a) => a.transferId },
  'transfer.reject': { entity: 'license_transfer', table: 'licenseTransfers', id: (a) => a.transferId },
  'urlChange.approve': { entity: 'url_change_request', table: 'urlChangeRequests', id: (a) => a.requestId },
  'urlChange.reject': { entity: 'url_change_request', table: 'urlChangeRequests', id: (a) => a.requestId },
  'ledger.adjust': { entity: 'ledger_entry', table: null, id: (_a, r) => r.entryId },
};
type BillingMutation = 'order.verify' | 'order.reject' | 'invoice.issue' | 'invoice.cancel' | 'transfer.approve' | 'transfer.reject' | 'urlChange.approve' | 'urlChange.reject' | 'ledger.adjust';

async function auditDecision(ctx: CommandContext, name: BillingMutation, a: Record<string, unknown>, result: unknown): Promise<void> {
  const what = audited[name];
  const entityId = Number(what.id(a, (result ?? {}) as Record<string, unknown>)) || null;
  let accountId = typeof a.accountId === 'number' ? a.accountId : null;
  if (accountId === null && what.table && entityId !== null) {
    const q = queryBuilder(ctx.w.tx);
    // A transfer concerns the account it leaves; the others name their account.
    const row = what.table === 'licenseTransfers'
      ? await q.selectFrom('licenseTransfers').select('fromAccountId as accountId').where('id', '=', entityId).executeTakeFirst()
      : await q.selectFrom(what.table).select('accountId').where('id', '=', entityId).executeTakeFirst();
    accountId = row?.accountId ?? null;
  }
  const { reason, points, amountCents, description } = a;
  const details = Object.fromEntries(Object.entries({ reason, points, amountCents, description }).filter(([, v]) => v !== undefined));
  await recordAudit(ctx.w, { actorUserId: ctx.actor.id, action: name, entity: what.entity, entityId, accountId, details, at: ctx.w.now });
}

/** A command that first checks the actor's role may take the mutation's action (permitted), and audits the decision. */
const command = <N extends BillingMutation>(name: N, run: (ctx: CommandContext, a: MutationArgs<N>) => Promise<unknown>) =>
  permitted(name, async (ctx: CommandContext, a: MutationArgs<N>) => {
    const result = await run(ctx, a);
    await auditDecision(ctx, name, a as Record<string, unknown>, result);
    return result;
  });

export const billingCommands = {
  verifyOrder: command('order.verify', (c, a) => verifyOrder(c.w, c.publicUrl, a.orderId, c.actor.id)),
  rejectOrder: command('order.reject', (c, a) => rejectOrder(c.w, c.publicUrl, a.orderId, a.reason, c.actor.id)),
  issueInvoice: command('invoice.issue', async (c, a) => ({ invoiceId: (await issueInvoice(c.w, c.publicUrl, a)).invoiceId })),
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
