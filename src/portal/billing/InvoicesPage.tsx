/**
 * Invoices (help page "Invoices", FAQ "How should I settle my invoice?"): the unpaid invoices
 * with their 'Description', amount and date and a 'Pay' button opposite each; paying goes to
 * the payment provider and comes back to /invoices?paid=<id> (or ?cancelled=<id>) with the
 * result. Paid and cancelled invoices are listed apart as the history. A nested section:
 * /invoices and the provider's page /invoices/<id>/checkout.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Route, Switch, useLocation, useSearchParams } from 'wouter';
import type { Invoice } from '../../shared/api/billing';
import { describeItem, formatMoney } from '../../shared/billing/orderItems';
import { api, errorText, PortalError } from '../api/portalClient';
import { FormError } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { CheckoutPage } from './CheckoutPage';
import './billing.css';
import { TableWrap } from '../shell/TableWrap';

export const invoicesKey = ['customer', 'invoices'] as const;
export const useInvoices = () => useQuery({ queryKey: invoicesKey, queryFn: () => api<{ invoices: Invoice[] }>('GET', '/api/customer/invoices') });

const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

interface PayAnswer {
  provider: string;
  checkout: { method: 'POST'; url: string; body: { invoiceId: number } } | null;
  /** A real provider's payment page (Stripe Checkout). */
  redirectUrl: string | null;
}

function PayButton({ invoice }: { invoice: Invoice }) {
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const pay = useMutation({
    mutationFn: () => api<PayAnswer>('POST', `/api/customer/invoices/${invoice.id}/pay`),
    onSuccess: (answer) => {
      if (answer.redirectUrl) window.location.assign(answer.redirectUrl);
      else if (answer.checkout) navigate(`/${invoice.id}/checkout`);
      else setError(`Payments go through ${answer.provider}, whose page cannot be opened from here; please contact our billing department in the Communication center.`);
    },
    onError: (err) => setError(errorText(err)),
  });
  return (
    <>
      <button type="button" className="primary" aria-label={`Pay invoice #${invoice.id}: ${invoice.description}`} onClick={() => pay.mutate()} disabled={pay.isPending}>
        Pay
      </button>
      <FormError error={error} />
    </>
  );
}

function Result() {
  const [params] = useSearchParams();
  const { data } = useInvoices();
  const paid = Number(params.get('paid'));
  const cancelled = Number(params.get('cancelled'));
  const issued = Number(params.get('issued'));
  const newAccount = params.get('newAccount') === '1';
  if (paid) {
    const inv = data?.invoices.find((i) => i.id === paid);
    if (!data) return null;
    if (!inv) return <Notice tone="error">Invoice #{paid} not found.</Notice>;
    if (inv.status !== 'paid') return <Notice tone="warning">Invoice #{paid} is not paid yet: the payment provider has not confirmed the payment.</Notice>;
    return (
      <p className="notice notice-success" role="status">
        Invoice #{inv.id} ({inv.description}) paid; your order is waiting for verification by our billing department, usually within one business day. See{' '}
        <Link href="~/orders">Orders</Link>.
      </p>
    );
  }
  if (issued) {
    const inv = data?.invoices.find((i) => i.id === issued);
    if (!inv) return null;
    return (
      <p className="notice notice-success" role="status">
        Thank you for your order. Invoice #{inv.id} ({inv.description}, {formatMoney(inv.amountCents, inv.currency)}) is issued: click &apos;Pay&apos; opposite it below.
        {newAccount ? ' Your customer account is open and you are signed in; to sign in again later, set your password with the link we e-mailed you.' : null}
      </p>
    );
  }
  if (cancelled) {
    return (
      <Notice tone="warning">
        Invoice #{cancelled} not paid: the payment was cancelled at the payment provider. You can pay it at any time with &apos;Pay&apos;.
      </Notice>
    );
  }
  return null;
}

function InvoiceTable({ invoices, caption, unpaid }: { invoices: Invoice[]; caption: string; unpaid: boolean }) {
  return (
    <TableWrap label={caption}>
      <table className="invoices">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Description</th>
            <th scope="col">Amount</th>
            <th scope="col">Date</th>
            <th scope="col">{unpaid ? <span className="sr-only">Pay</span> : 'Status'}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((inv) => (
            <tr key={inv.id}>
              <td>#{inv.id}</td>
              <td>
                {inv.description}
                {inv.items.length ? <div className="muted items">{inv.items.map(describeItem).join('; ')}</div> : null}
              </td>
              <td className="amount">{formatMoney(inv.amountCents, inv.currency)}</td>
              <td>
                {inv.status === 'paid' && inv.paidAt ? (
                  <>
                    issued {day(inv.issuedAt)}
                    <br />
                    paid {day(inv.paidAt)}
                  </>
                ) : (
                  day(inv.issuedAt)
                )}
              </td>
              <td>{unpaid ? <PayButton invoice={inv} /> : <span className="badge">{inv.status === 'paid' ? 'Paid' : 'Cancelled'}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function InvoicesPage() {
  const { data, error, isPending } = useInvoices();
  const unpaid = data?.invoices.filter((i) => i.status === 'unpaid') ?? [];
  const history = data?.invoices.filter((i) => i.status !== 'unpaid') ?? [];
  return (
    <Page title="Invoices">
      <Result />
      <p>
        The invoices which have not been paid yet. Find the invoice by its &apos;Description&apos; and click &apos;Pay&apos; opposite it; once paid it becomes an order in
        the <Link href="~/orders">Orders</Link> section.
      </p>
      {isPending ? <Notice>Loading invoices…</Notice> : null}
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {data ? (
        <>
          <h2>Unpaid invoices</h2>
          {unpaid.length ? <InvoiceTable invoices={unpaid} caption="Unpaid invoices" unpaid /> : <Notice>You have no unpaid invoices.</Notice>}
          <h2>Paid invoices</h2>
          {history.length ? <InvoiceTable invoices={history} caption="Paid invoices" unpaid={false} /> : <Notice>No paid invoices yet.</Notice>}
        </>
      ) : null}
    </Page>
  );
}

export function InvoicesSection() {
  return (
    <Switch>
      <Route path="/">
        <InvoicesPage />
      </Route>
      <Route path="/:invoiceId/checkout">{(p) => <CheckoutPage invoiceId={p.invoiceId} />}</Route>
      <Route>
        <Page title="Page not found">
          <Notice>There is no such page in the Invoices section. <Link href="/">See your invoices</Link>.</Notice>
        </Page>
      </Route>
    </Switch>
  );
}

export const isNotFound = (err: unknown): boolean => err instanceof PortalError && err.status === 404;
