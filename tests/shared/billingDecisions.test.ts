/** Billing's decisions (DOMAIN.md "Orders and invoices", "Licenses"), as the server and the console both take them. */
import { describe, expect, it } from 'vitest';
import { decideInvoice, decideOrder, decideTransfer, decideUrlChange } from '../../src/shared/billing/billingDecisions';

describe('billing decisions', () => {
  it('a pending order is verified or rejected once; the other decision is then refused', () => {
    expect(decideOrder({ id: 1, status: 'pending' }, 'verify')).toEqual({ ok: true, changed: true, next: 'verified' });
    expect(decideOrder({ id: 1, status: 'verified' }, 'verify')).toEqual({ ok: true, changed: false });
    expect(decideOrder({ id: 1, status: 'verified' }, 'reject')).toMatchObject({ ok: false, code: 'order_verified' });
    expect(decideOrder({ id: 1, status: 'rejected' }, 'verify')).toMatchObject({ ok: false, code: 'order_rejected' });
  });

  it('an unpaid invoice may be cancelled or paid; a paid one neither', () => {
    expect(decideInvoice({ id: 2, status: 'unpaid' }, 'cancel')).toEqual({ ok: true, changed: true, next: 'cancelled' });
    expect(decideInvoice({ id: 2, status: 'cancelled' }, 'cancel')).toEqual({ ok: true, changed: false });
    expect(decideInvoice({ id: 2, status: 'paid' }, 'cancel')).toMatchObject({ ok: false, code: 'invoice_paid' });
    expect(decideInvoice({ id: 2, status: 'paid' }, 'pay')).toMatchObject({ ok: false, code: 'invoice_not_unpaid', reason: 'invoice 2 is paid; there is nothing to pay' });
    expect(decideInvoice({ id: 2, status: 'cancelled' }, 'pay')).toMatchObject({ ok: false, code: 'invoice_not_unpaid' });
  });

  it('a transfer is decided while pending, accepted once approved, and an accepted one counts as approved', () => {
    expect(decideTransfer({ id: 3, status: 'pending' }, 'approve')).toEqual({ ok: true, changed: true, next: 'approved' });
    expect(decideTransfer({ id: 3, status: 'accepted' }, 'approve')).toEqual({ ok: true, changed: false });
    expect(decideTransfer({ id: 3, status: 'cancelled' }, 'reject')).toMatchObject({ ok: false, code: 'transfer_decided' });
    expect(decideTransfer({ id: 3, status: 'approved' }, 'cancel')).toMatchObject({ ok: false, code: 'transfer_decided' });
    expect(decideTransfer({ id: 3, status: 'approved' }, 'accept')).toEqual({ ok: true, changed: true, next: 'accepted' });
    expect(decideTransfer({ id: 3, status: 'pending' }, 'accept')).toMatchObject({ ok: false, code: 'transfer_decided' });
  });

  it('a URL change request is decided while pending', () => {
    expect(decideUrlChange({ id: 4, status: 'pending' }, 'reject')).toEqual({ ok: true, changed: true, next: 'rejected' });
    expect(decideUrlChange({ id: 4, status: 'approved' }, 'approve')).toEqual({ ok: true, changed: false });
    expect(decideUrlChange({ id: 4, status: 'cancelled' }, 'approve')).toMatchObject({ ok: false, code: 'request_decided' });
  });
});
