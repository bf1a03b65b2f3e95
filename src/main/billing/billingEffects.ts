/**
 * How billing decisions look locally before the server confirms them: the order, request or
 * invoice shows its new status at once (marked pending), a points adjustment shows as a
 * pending ledger line with the balance moved. What only the server can do (new license
 * keys, certificates, ledger entries of a verification) arrives with its changes. Each status
 * change is the server's own decision (shared/billing/billingDecisions.ts), so a refusal
 * here carries the code the server would answer.
 */
import type { z } from 'zod';
import { decideInvoice, decideOrder, decideTransfer, decideUrlChange, type BillingDecision, type Decided } from '../../shared/billing/billingDecisions';
import { InvoiceStatus, OrderStatus, TransferStatus, UrlChangeStatus } from '../../shared/billing/billingStatuses';
import type { MutationArgs, SyncEntity } from '../../shared/sync/protocol';
import { forceRow, readRow } from '../cache/mirrorRows';
import { pendingRowId, rememberLocalRow, rememberServerRow } from '../cache/pendingEffects';
import type { EffectContext, EffectOutcome } from '../sync/effectContext';

const ok: EffectOutcome = { ok: true };

/** A kind of cached row a billing decision acts on, and the list its status is read against. */
interface DecidedRows<S extends string> {
  entity: SyncEntity;
  what: string;
  status: z.ZodType<S>;
}

const orders: DecidedRows<OrderStatus> = { entity: 'order', what: 'order', status: OrderStatus };
const invoices: DecidedRows<InvoiceStatus> = { entity: 'invoice', what: 'invoice', status: InvoiceStatus };
const transfers: DecidedRows<TransferStatus> = { entity: 'license_transfer', what: 'transfer request', status: TransferStatus };
const urlChanges: DecidedRows<UrlChangeStatus> = { entity: 'url_change_request', what: 'URL change request', status: UrlChangeStatus };

/**
 * Takes the shared decision on a cached row and writes its outcome, remembering the server's
 * copy; refuses with the decision's code, or when the row is not cached.
 */
function decideCached<S extends string>(
  ctx: EffectContext,
  rows: DecidedRows<S>,
  id: number,
  decision: (row: Decided<S>) => BillingDecision<S>,
  patch: Record<string, unknown>,
): EffectOutcome {
  const row = readRow(ctx.w, rows.entity, id);
  if (!row) return { ok: false, code: 'not_found', reason: `${rows.what} ${id} is not in this console's cache` };
  const d = decision({ id, status: rows.status.parse(row.status) });
  if (!d.ok) return { ok: false, code: d.code, reason: d.reason };
  if (!d.changed) return ok;
  rememberServerRow(ctx.w, rows.entity, id);
  forceRow(ctx.w, rows.entity, { ...row, status: d.next, ...patch });
  return ok;
}

export const billingEffects = {
  'order.verify': (ctx: EffectContext, a: MutationArgs<'order.verify'>) =>
    decideCached(ctx, orders, a.orderId, (o) => decideOrder(o, 'verify'), { decidedAt: ctx.now, decidedBy: ctx.userId }),
  'order.reject': (ctx: EffectContext, a: MutationArgs<'order.reject'>) =>
    decideCached(ctx, orders, a.orderId, (o) => decideOrder(o, 'reject'), { decidedAt: ctx.now, decidedBy: ctx.userId, rejectReason: a.reason }),
  // The invoice's id comes from the server; it shows once synced.
  'invoice.issue': () => ok,
  'invoice.cancel': (ctx: EffectContext, a: MutationArgs<'invoice.cancel'>) =>
    decideCached(ctx, invoices, a.invoiceId, (i) => decideInvoice(i, 'cancel'), {}),
  'transfer.approve': (ctx: EffectContext, a: MutationArgs<'transfer.approve'>) =>
    decideCached(ctx, transfers, a.transferId, (t) => decideTransfer(t, 'approve'), { decidedAt: ctx.now }),
  'transfer.reject': (ctx: EffectContext, a: MutationArgs<'transfer.reject'>) =>
    decideCached(ctx, transfers, a.transferId, (t) => decideTransfer(t, 'reject'), { decidedAt: ctx.now, reason: a.reason }),
  'urlChange.approve': (ctx: EffectContext, a: MutationArgs<'urlChange.approve'>) =>
    decideCached(ctx, urlChanges, a.requestId, (u) => decideUrlChange(u, 'approve'), { decidedAt: ctx.now }),
  'urlChange.reject': (ctx: EffectContext, a: MutationArgs<'urlChange.reject'>) =>
    decideCached(ctx, urlChanges, a.requestId, (u) => decideUrlChange(u, 'reject'), { decidedAt: ctx.now, reason: a.reason }),
  'ledger.adjust': (ctx: EffectContext, a: MutationArgs<'ledger.adjust'>, mutationId: number) => {
    const account = readRow(ctx.w, 'account', a.accountId);
    if (!account) return { ok: false, code: 'not_found', reason: `account ${a.accountId} is not in this console's cache` };
    const id = pendingRowId(mutationId);
    rememberLocalRow(ctx.w, 'ledger_entry', id);
    forceRow(ctx.w, 'ledger_entry', {
      id, accountId: a.accountId, kind: 'adjustment', points: a.points, reason: a.reason, ticketId: null, licenseId: null, orderId: null,
      createdBy: ctx.userId, createdAt: ctx.now, version: 0,
    });
    rememberServerRow(ctx.w, 'account', a.accountId);
    forceRow(ctx.w, 'account', { ...account, pointsBalance: Number(account.pointsBalance ?? 0) + a.points });
    return ok;
  },
};

/** The synced entities a billing decision may touch, for the "changed" event. */
export const billingEntities: SyncEntity[] = ['order', 'invoice', 'license', 'license_event', 'license_transfer', 'url_change_request', 'ledger_entry', 'account'];
