/**
 * What both order forms show, the signed-in customer's (OrderFormPage) and the visitor's
 * (GuestOrderPage): the item ordered with its price, the store URL of a new license, one key
 * per form shown (so sending it twice, a double click or a retry, issues one invoice), the
 * sending with its refusals, and the form's end with 'Place order'.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { CatalogueEntry } from '../../shared/catalogue/catalogue';
import { catalogueTitle, priceText } from '../../shared/catalogue/catalogue';
import { errorText } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors, type FormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { catalogueKey, useCatalogue } from './catalogueData';

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

/**
 * Sends an order form: busy while it goes; a refusal beside the fields it names (`fields`),
 * and the list read again, so a new price or a retired item shows.
 */
export function useOrderSubmit(fields: readonly string[]) {
  const queryClient = useQueryClient();
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent, place: () => Promise<void>, refused?: (err: unknown) => void) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await place();
    } catch (err) {
      errors.take(err, fields);
      refused?.(err);
      void queryClient.invalidateQueries({ queryKey: catalogueKey });
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, send };
}

/** The form's end: a refusal of the item itself (its price, whether it is sold, the form sent before), `children` (what happens next), 'Place order' and the way back. */
export function OrderFormEnd({ errors, busy, disabled = false, backHref, children }: { errors: FormErrors; busy: boolean; disabled?: boolean; backHref: string; children: ReactNode }) {
  const itemError = errors.field('priceCents') ?? errors.field('itemId') ?? errors.field('orderKey');
  return (
    <>
      {itemError ? <FormError error={itemError} /> : null}
      <FormError error={errors.form} />
      <p>{children}</p>
      <div className="checkout-actions">
        <button type="submit" className="primary" disabled={busy || disabled}>
          Place order
        </button>
        <Link href={backHref}>Back to the list</Link>
      </div>
      {busy ? <p role="status">Placing the order…</p> : null}
    </>
  );
}
