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
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { catalogueKey } from './catalogueData';
import { LicenseUrlField, newOrderKey, OrderedItem, OrderSummary } from './OrderParts';
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
  const [busy, setBusy] = useState(false);
  const [emailTaken, setEmailTaken] = useState(false);
  const errors = useFormErrors();
  const title = catalogueTitle(item);
  const needsLicense = guestOrderRefusal(item);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setEmailTaken(false);
    setBusy(true);
    try {
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
    } catch (err) {
      errors.take(err, guestOrderFields);
      setEmailTaken(err instanceof PortalError && err.code === 'email_taken');
      // A new price or a retired item: show the list as it is now.
      void queryClient.invalidateQueries({ queryKey: catalogueKey });
    } finally {
      setBusy(false);
    }
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
          {errors.field('priceCents') || errors.field('itemId') || errors.field('orderKey') ? <FormError error={errors.field('priceCents') ?? errors.field('itemId') ?? errors.field('orderKey')} /> : null}
          <FormError error={errors.form} />
          <p>The invoice is issued at once and you are signed in to pay it on the next page with &apos;Pay&apos;.</p>
          <div className="checkout-actions">
            <button type="submit" className="primary" disabled={busy}>
              Place order
            </button>
            <Link href="/catalogue">Back to the list</Link>
          </div>
          {busy ? <p role="status">Placing the order…</p> : null}
        </form>
      )}
    </Page>
  );
}
