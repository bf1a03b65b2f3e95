/**
 * 'Order online' for one item: the short form (the store URL for a new license, the main
 * license an add-on or skin is for), sent with the price the customer saw; the invoice is
 * issued at once and the page goes on to Invoices to pay it. A refusal (a price changed
 * meanwhile, a retired item, a license that does not fit) is shown beside its field.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { attachesToLicense, catalogueTitle, priceText } from '../../shared/catalogue/catalogue';
import { eligibleParents, type OrderPlaced } from '../../shared/catalogue/orderForm';
import { api, errorText } from '../api/portalClient';
import { refreshBeforeLeaving } from '../api/refresh';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { licenseName, useLicenseList } from '../licenses/licenseApi';
import { Notice, Page } from '../shell/Page';
import { catalogueKey, useCatalogue } from './catalogueData';

/** One key per form shown: sending it twice (a double click, a retry) issues one invoice. */
const newOrderKey = () => `order-${crypto.randomUUID()}`;

export function OrderFormPage({ itemId }: { itemId: string }) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const catalogue = useCatalogue();
  const licenses = useLicenseList();
  const [orderKey] = useState(newOrderKey);
  const [licenseUrl, setLicenseUrl] = useState('');
  const [parentLicenseId, setParentLicenseId] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const item = catalogue.data?.items.find((i) => String(i.id) === itemId);

  if (catalogue.isPending) {
    return (
      <Page title="Order online">
        <Notice>Loading…</Notice>
      </Page>
    );
  }
  if (!item) {
    return (
      <Page title="Order online">
        <Notice tone="error">{catalogue.error ? errorText(catalogue.error) : `Item ${itemId} is not on sale: it may have been retired.`}</Notice>
        <Link href="/list">Back to the List of available Products and Services</Link>
      </Page>
    );
  }
  const title = catalogueTitle(item);
  const parents = eligibleParents(licenses.data?.licenses ?? [], item.product);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      const placed = await api<OrderPlaced>('POST', '/api/customer/orders/online', {
        itemId: item.id,
        priceCents: item.priceCents,
        orderKey,
        ...(item.kind === 'license' ? { licenseUrl } : {}),
        ...(attachesToLicense(item.kind) && parentLicenseId ? { parentLicenseId: Number(parentLicenseId) } : {}),
      });
      await refreshBeforeLeaving(queryClient, ['customer', 'invoices']);
      navigate(`~/invoices?issued=${placed.invoiceId}`);
    } catch (err) {
      errors.take(err, ['licenseUrl', 'parentLicenseId', 'priceCents', 'itemId']);
      // A new price or a retired item: show the list as it is now.
      void queryClient.invalidateQueries({ queryKey: catalogueKey });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={`Order online: ${title}`}>
      <section className="checkout" aria-label="What you order">
        <dl>
          <dt>Product or service</dt>
          <dd>{title}</dd>
          {item.description ? (
            <>
              <dt>Description</dt>
              <dd>{item.description}</dd>
            </>
          ) : null}
          <dt>Price</dt>
          <dd className="amount">{priceText(item)}</dd>
        </dl>
      </section>
      <form className="form narrow" noValidate onSubmit={submit} aria-label="Order form">
        {item.kind === 'license' ? (
          <Field label="License URL" hint="The URL of the store this license is for, e.g. https://www.example.com/store/. The license is active there once our billing department verifies your order." error={errors.field('licenseUrl')}>
            <input type="url" value={licenseUrl} onChange={(e) => setLicenseUrl(e.target.value)} autoComplete="url" required />
          </Field>
        ) : null}
        {attachesToLicense(item.kind) ? (
          parents.length || licenses.isPending ? (
            <Field label="For license" hint={`One of your active ${item.product} licenses.`} error={errors.field('parentLicenseId')}>
              <select value={parentLicenseId} onChange={(e) => setParentLicenseId(e.target.value)} required>
                <option value="">Choose a license…</option>
                {parents.map((l) => (
                  <option key={l.id} value={l.id}>
                    {licenseName(l)}: {l.url || l.key}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <Notice tone="warning">
              {title} is bought for one of your active {item.product} licenses, and you have none. Order a {item.product} license first.
            </Notice>
          )
        ) : null}
        {errors.field('priceCents') || errors.field('itemId') ? <FormError error={errors.field('priceCents') ?? errors.field('itemId')} /> : null}
        <FormError error={errors.form} />
        <p>The invoice is issued at once; you pay it on the next page with &apos;Pay&apos;.</p>
        <div className="checkout-actions">
          <button type="submit" className="primary" disabled={busy || (attachesToLicense(item.kind) && !parents.length)}>
            Place order
          </button>
          <Link href="/list">Back to the list</Link>
        </div>
        {busy ? <p role="status">Placing the order…</p> : null}
      </form>
    </Page>
  );
}
