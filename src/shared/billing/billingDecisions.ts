/**
 * Billing's decisions on its records, the one rule set for the server (which enforces it in
 * the record's transaction) and the console (which shows the outcome before the server
 * confirms it): given a record's status and the action, the status it moves to, nothing
 * (deciding twice changes nothing), or a refusal with the code the API answers.
 */
import { assertNever } from '../assertNever';
import type { InvoiceStatus, OrderStatus, TransferStatus, UrlChangeStatus } from './billingStatuses';

/** Every refusal of a billing decision, on the API and in the console alike. */
export type BillingRefusalCode = 'order_verified' | 'order_rejected' | 'invoice_paid' | 'invoice_not_unpaid' | 'transfer_decided' | 'request_decided';

export type BillingDecision<S extends string> =
  | { ok: true; changed: true; next: S }
  /** The record is already where the action would take it. */
  | { ok: true; changed: false }
  | { ok: false; code: BillingRefusalCode; reason: string };

/** A record as a decision sees it. */
export interface Decided<S extends string> {
  id: number;
  status: S;
}

interface Move<S extends string> {
  from: S;
  to: S;
  /** The statuses in which the action has already happened. */
  done: readonly S[];
  code: BillingRefusalCode;
  reason: string;
}

function move<S extends string>(status: S, m: Move<S>): BillingDecision<S> {
  if (status === m.from) return { ok: true, changed: true, next: m.to };
  if (m.done.includes(status)) return { ok: true, changed: false };
  return { ok: false, code: m.code, reason: m.reason };
}

export type OrderAction = 'verify' | 'reject';

export function decideOrder(o: Decided<OrderStatus>, action: OrderAction): BillingDecision<OrderStatus> {
  switch (action) {
    case 'verify':
      return move(o.status, { from: 'pending', to: 'verified', done: ['verified'], code: 'order_rejected', reason: `order ${o.id} was rejected; a rejected order cannot be verified (issue a new invoice instead)` });
    case 'reject':
      return move(o.status, { from: 'pending', to: 'rejected', done: ['rejected'], code: 'order_verified', reason: `order ${o.id} is already verified; it cannot be rejected any more` });
    default:
      return assertNever(action);
  }
}

/** `pay`: the customer starts paying, or the provider's verified callback arrives. */
export type InvoiceAction = 'cancel' | 'pay';

export function decideInvoice(i: Decided<InvoiceStatus>, action: InvoiceAction): BillingDecision<InvoiceStatus> {
  switch (action) {
    case 'cancel':
      return move(i.status, { from: 'unpaid', to: 'cancelled', done: ['cancelled'], code: 'invoice_paid', reason: `invoice ${i.id} is paid; it cannot be cancelled (reject its order instead)` });
    case 'pay':
      return move(i.status, { from: 'unpaid', to: 'paid', done: [], code: 'invoice_not_unpaid', reason: `invoice ${i.id} is ${i.status}; there is nothing to pay` });
    default:
      return assertNever(action);
  }
}

/**
 * `cancel` is the owner's, `accept` the target's signature. Approving an add-on's move to one
 * of its owner's own licenses leaves nothing to sign: the server records it accepted at once.
 */
export type TransferAction = 'approve' | 'reject' | 'cancel' | 'accept';

export function decideTransfer(t: Decided<TransferStatus>, action: TransferAction): BillingDecision<TransferStatus> {
  switch (action) {
    case 'approve':
      return move(t.status, { from: 'pending', to: 'approved', done: ['approved', 'accepted'], code: 'transfer_decided', reason: `this transfer request is ${t.status}; only a pending one can be approved` });
    case 'reject':
      return move(t.status, { from: 'pending', to: 'rejected', done: ['rejected'], code: 'transfer_decided', reason: `this transfer request is ${t.status}; only a pending one can be rejected` });
    case 'cancel':
      return move(t.status, { from: 'pending', to: 'cancelled', done: ['cancelled'], code: 'transfer_decided', reason: `this transfer is ${t.status} already; only a pending request can be cancelled` });
    case 'accept':
      return move(t.status, { from: 'approved', to: 'accepted', done: ['accepted'], code: 'transfer_decided', reason: `this transfer request is ${t.status}; only an approved one can be accepted` });
    default:
      return assertNever(action);
  }
}

export type UrlChangeAction = 'approve' | 'reject';

export function decideUrlChange(u: Decided<UrlChangeStatus>, action: UrlChangeAction): BillingDecision<UrlChangeStatus> {
  switch (action) {
    case 'approve':
      return move(u.status, { from: 'pending', to: 'approved', done: ['approved'], code: 'request_decided', reason: `this URL change request is ${u.status}; only a pending one can be approved` });
    case 'reject':
      return move(u.status, { from: 'pending', to: 'rejected', done: ['rejected'], code: 'request_decided', reason: `this URL change request is ${u.status}; only a pending one can be rejected` });
    default:
      return assertNever(action);
  }
}
