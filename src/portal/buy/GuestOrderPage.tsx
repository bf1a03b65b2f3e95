/**
 * 'Order online' for a visitor without an account (/catalogue/order/:itemId): the same short
 * form as a customer's, with who they are (e-mail, name, company). The order opens their
 * customer account, issues the invoice at once and signs them in, so the page goes on to
 * Invoices to pay it; the link to set a password comes by e-mail. An e-mail that already has
 * an account is told to sign in instead (the signed-in order form is one click away); every
 * other refusal is shown beside its field. A signed-in customer is sent to their own form.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Redirect, useLocation } from 'wouter';
import { catalogueTitle, type CatalogueEntry } from '../../shared/catalogue/catalogue';
import { guestOrderFields, guestOrderRefusal, type GuestOrderPlaced } from '../../shared/catalogue/guestOrder';
import { api, PortalError } from '../api/portalClient';
import { useSession } from '../api/session';
import { Field } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { LicenseUrlField, newOrderKey, OrderedItem, OrderFormEnd, OrderSummary, useOrderSubmit } from './OrderParts';
import './buy.css';

const signedInOrder = (itemId: number | string) => `/buy/order/${itemId}`;
const signInFor = (itemId: number | string) => `/sign-in?next=${encodeURIComponent(signedInOrder(itemId))}`;

export function GuestOrderPage({ itemId }: { itemId: string }) {
  const { user } = useSession();
  if (user === undefined) return <Notice>Loading…</Notice>;
  if (user) return <Redirect to={signedInOrder(itemId)} replace />;
  return <OrderedItem itemId={itemId} backHref="/catalogue">{(item) => <GuestOrderForm item={item} />}</OrderedItem>;
}

function GuestOrderForm({ item }: { item: CatalogueEntry }) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const { reload } = useSession();
  const [orderKey] = useState(newOrderKey);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [licenseUrl, setLicenseUrl] = useState('');
  const [emailTaken, setEmailTaken] = useState(false);
  const { errors, busy, send } = useOrderSubmit(guestOrderFields);
  const title = catalogueTitle(item);
  const needsLicense = guestOrderRefusal(item);

  const submit = (e: FormEvent) => {
    setEmailTaken(false);
    return send(
      e,
      async () => {
        const placed = await api<GuestOrderPlaced>('POST', '/api/portal/orders/guest', {
          itemId: item.id,
          priceCents: item.priceCents,
          orderKey,
          email,
          name,
          ...(company.trim() ? { company } : {}),
          ...(item.kind === 'license' ? { licenseUrl } : {}),
        });
        // Signed in by the answer's cookie: the session (and its CSRF token) read again.
        queryClient.clear();
        await reload();
        navigate(`/invoices?issued=${placed.invoiceId}&newAccount=1`);
      },
      (err) => setEmailTaken(err instanceof PortalError && err.code === 'email_taken'),
    );
  };

  return (
    <Page title={`Order online: ${title}`}>
      <OrderSummary item={item} />
      {needsLicense ? (
        <Notice tone="warning">
          {needsLicense.reason}. <Link href={signInFor(item.id)}>Sign in and order</Link>
        </Notice>
      ) : (
        <form className="form narrow" noValidate onSubmit={submit} aria-label="Order form">
          <p>
            Already a customer? <Link href={signInFor(item.id)}>Sign in and order</Link>. New here? Tell us who you are: your order opens your customer account.
          </p>
          <Field label="E-mail" hint="Your login, and where we send your invoices and the link to set your password." error={errors.field('email')}>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
          </Field>
          {emailTaken ? (
            <p>
              <Link href={signInFor(item.id)}>Sign in to order with this e-mail</Link> or <Link href="/forgot-password">set a new password</Link>.
            </p>
          ) : null}
          <Field label="Your name" error={errors.field('name')}>
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
          </Field>
          <Field label="Company" hint="Optional: the name your licenses are registered to; your own name when left empty." error={errors.field('company')}>
            <input value={company} onChange={(e) => setCompany(e.target.value)} autoComplete="organization" />
          </Field>
          {item.kind === 'license' ? <LicenseUrlField value={licenseUrl} onChange={setLicenseUrl} error={errors.field('licenseUrl')} /> : null}
          <OrderFormEnd errors={errors} busy={busy} backHref="/catalogue">
            The invoice is issued at once and you are signed in to pay it on the next page with &apos;Pay&apos;.
          </OrderFormEnd>
        </form>
      )}
    </Page>
  );
}
