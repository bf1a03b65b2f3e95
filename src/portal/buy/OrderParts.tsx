/**
 * What both order forms show, the signed-in customer's (OrderFormPage) and the visitor's
 * (GuestOrderPage): the item ordered with its price, the store URL of a new license, and one
 * key per form shown, so sending it twice (a double click, a retry) issues one invoice.
 */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { CatalogueEntry } from '../../shared/catalogue/catalogue';
import { catalogueTitle, priceText } from '../../shared/catalogue/catalogue';
import { errorText } from '../api/portalClient';
import { Field } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { useCatalogue } from './catalogueData';

export const newOrderKey = (): string => `order-${crypto.randomUUID()}`;

/** The item of `itemId` on sale now, given to `children`; while loading, or when it is not on sale, the page says so. */
export function OrderedItem({ itemId, backHref, children }: { itemId: string; backHref: string; children(item: CatalogueEntry): ReactNode }) {
  const catalogue = useCatalogue();
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
        <Link href={backHref}>Back to the List of available Products and Services</Link>
      </Page>
    );
  }
  return <>{children(item)}</>;
}

export function OrderSummary({ item }: { item: CatalogueEntry }) {
  return (
    <section className="checkout" aria-label="What you order">
      <dl>
        <dt>Product or service</dt>
        <dd>{catalogueTitle(item)}</dd>
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
  );
}

export function LicenseUrlField({ value, onChange, error }: { value: string; onChange(v: string): void; error?: string }) {
  return (
    <Field label="License URL" hint="The URL of the store this license is for, e.g. https://www.example.com/store/. The license is active there once our billing department verifies your order." error={error}>
      <input type="url" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="url" required />
    </Field>
  );
}
