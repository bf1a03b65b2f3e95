/**
 * How billing decisions look locally before the server confirms them: the order, request or
 * invoice shows its new status at once (marked pending), a points adjustment shows as a
 * pending ledger line with the balance moved. What only the server can do (new license
 * keys, certificates, ledger entries of a verification) arrives with its changes.
 */
import type { MutationArgs, SyncEntity } from '../../shared/sync/protocol';
import { forceRow, readRow } from '../cache/mirrorRows';
import { pendingRowId, rememberLocalRow, rememberServerRow } from '../cache/pendingEffects';
import type { EffectContext, EffectOutcome } from './mutationEffects';

const ok: EffectOutcome = { ok: true };

/** Sets fields of a cached row, remembering the server's copy; refuses when the row is missing or its status forbids it. */
function decide(
  ctx: EffectContext,
  entity: SyncEntity,
  id: number,
  what: string,
  rule: { from: string[]; done: string; patch: Record<string, unknown> },
): EffectOutcome {
  const row = readRow(ctx.w, entity, id);
  if (!row) return { ok: false, code: 'not_found', reason: `${what} ${id} is not in this console's cache` };
  if (row.status === rule.done) return ok;
  if (!rule.from.includes(String(row.status))) return { ok: false, code: `${entity}_${String(row.status)}`, reason: `${what} ${id} is ${String(row.status).replace('_', ' ')}; it cannot be ${rule.done} now` };
  rememberServerRow(ctx.w, entity, id);
  forceRow(ctx.w, entity, { ...row, status: rule.done, ...rule.patch });
  return ok;
}

export const billingEffects = {
  'order.verify': (ctx: EffectContext, a: MutationArgs<'order.verify'>) =>
    decide(ctx, 'order', a.orderId, 'order', { from: ['pending'], done: 'verified', patch: { decidedAt: ctx.now, decidedBy: ctx.userId } }),
  'order.reject': (ctx: EffectContext, a: MutationArgs<'order.reject'>) =>
    decide(ctx, 'order', a.orderId, 'order', { from: ['pending'], done: 'rejected', patch: { decidedAt: ctx.now, decidedBy: ctx.userId, rejectReason: a.reason } }),
  // The invoice's id comes from the server; it shows once synced.
  'invoice.issue': () => ok,
  'invoice.cancel': (ctx: EffectContext, a: MutationArgs<'invoice.cancel'>) =>
    decide(ctx, 'invoice', a.invoiceId, 'invoice', { from: ['unpaid'], done: 'cancelled', patch: {} }),
  'transfer.approve': (ctx: EffectContext, a: MutationArgs<'transfer.approve'>) =>
    decide(ctx, 'license_transfer', a.transferId, 'transfer request', { from: ['pending'], done: 'approved', patch: { decidedAt: ctx.now } }),
  'transfer.reject': (ctx: EffectContext, a: MutationArgs<'transfer.reject'>) =>
    decide(ctx, 'license_transfer', a.transferId, 'transfer request', { from: ['pending'], done: 'rejected', patch: { decidedAt: ctx.now, reason: a.reason } }),
  'urlChange.approve': (ctx: EffectContext, a: MutationArgs<'urlChange.approve'>) =>
    decide(ctx, 'url_change_request', a.requestId, 'URL change request', { from: ['pending'], done: 'approved', patch: { decidedAt: ctx.now } }),
  'urlChange.reject': (ctx: EffectContext, a: MutationArgs<'urlChange.reject'>) =>
    decide(ctx, 'url_change_request', a.requestId, 'URL change request', { from: ['pending'], done: 'rejected', patch: { decidedAt: ctx.now, reason: a.reason } }),
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
