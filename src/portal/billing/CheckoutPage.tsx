/**
 * The payment provider's page, at its own URL (/invoices/<id>/checkout). Only the fake
 * provider (demo and tests) has a page here: 'Pay now' calls its checkout, which signs the
 * same callback a real provider sends and marks the invoice paid through the same
 * verification; then back to /invoices?paid=<id>. 'Cancel' goes back with ?cancelled=<id>.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import type { Invoice } from '../../shared/api/billing';
import { formatMoney } from '../../shared/billing/orderItems';
import { api, errorText, PortalError } from '../api/portalClient';
import { refreshBeforeLeaving } from '../api/refresh';
import { FormError } from '../forms/Field';
import { Notice, Page } from '../shell/Page';

const title = 'Payment provider (test mode)';

interface PaymentAnswer {
  outcome: 'paid' | 'replayed' | 'already_settled' | 'amount_mismatch' | 'unknown_invoice';
  orderId?: number;
}

const refusal: Record<Exclude<PaymentAnswer['outcome'], 'paid'>, string> = {
  replayed: 'This payment was already received.',
  already_settled: 'This invoice is already settled; there is nothing to pay.',
  amount_mismatch: 'The amount paid does not match the invoice; nothing was changed. Please contact our billing department.',
  unknown_invoice: 'The payment provider does not know this invoice.',
};

export function CheckoutPage({ invoiceId }: { invoiceId: string }) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const id = Number(invoiceId);
  const invoice = useQuery({
    queryKey: ['customer', 'invoice', invoiceId],
    queryFn: () => api<{ invoice: Invoice }>('GET', `/api/customer/invoices/${encodeURIComponent(invoiceId)}`),
  });
  const pay = useMutation({
    mutationFn: () => api<PaymentAnswer>('POST', '/api/payments/fake/checkout', { invoiceId: id }),
    onSuccess: async (answer) => {
      await refreshBeforeLeaving(queryClient, ['customer']);
      if (answer.outcome === 'paid') navigate(`~/invoices?paid=${id}`);
    },
  });

  if (invoice.isPending) {
    return (
      <Page title={title}>
        <Notice>Loading the invoice…</Notice>
      </Page>
    );
  }
  if (invoice.isError) {
    const missing = invoice.error instanceof PortalError && (invoice.error.status === 404 || invoice.error.status === 400);
    return (
      <Page title={missing ? 'Invoice not found' : title}>
        <Notice tone="error">{missing ? `Invoice ${invoiceId} not found: there is no such invoice in your account.` : errorText(invoice.error)}</Notice>
        <button type="button" onClick={() => navigate('~/invoices')}>
          Back to Invoices
        </button>
      </Page>
    );
  }
  const inv = invoice.data.invoice;
  const outcome = pay.data && pay.data.outcome !== 'paid' ? refusal[pay.data.outcome] : null;
  return (
    <Page title={title}>
      <p className="notice provider-banner">
        This page stands in for the payment provider&apos;s site (test mode: no money is taken). With a real provider you finish the transaction on its site and are then
        redirected back to your account.
      </p>
      <section aria-labelledby="checkout-what" className="checkout">
        <h2 id="checkout-what">Invoice #{inv.id}</h2>
        <dl>
          <dt>Description</dt>
          <dd>{inv.description}</dd>
          <dt>Amount</dt>
          <dd className="amount">{formatMoney(inv.amountCents, inv.currency)}</dd>
        </dl>
        {inv.status !== 'unpaid' ? (
          <Notice tone="error">
            Invoice #{inv.id} is {inv.status}; there is nothing to pay.
          </Notice>
        ) : (
          <div className="checkout-actions">
            <button type="button" className="primary" onClick={() => pay.mutate()} disabled={pay.isPending}>
              Pay now
            </button>
            <button type="button" onClick={() => navigate(`~/invoices?cancelled=${inv.id}`)} disabled={pay.isPending}>
              Cancel
            </button>
          </div>
        )}
        {pay.isPending ? <p role="status">Paying…</p> : null}
        <FormError error={pay.isError ? errorText(pay.error) : outcome} />
      </section>
    </Page>
  );
}
