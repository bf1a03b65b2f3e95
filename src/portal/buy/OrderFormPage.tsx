/**
 * 'Order online' for one item: the short form (the store URL for a new license, the main
 * license an add-on or skin is for), sent with the price the customer saw; the invoice is
 * issued at once and the page goes on to Invoices to pay it. A refusal (a price changed
 * meanwhile, a retired item, a license that does not fit) is shown beside its field.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { attachesToLicense, catalogueTitle, type CatalogueEntry } from '../../shared/catalogue/catalogue';
import { eligibleParents, type OrderPlaced } from '../../shared/catalogue/orderForm';
import { api } from '../api/portalClient';
import { refreshBeforeLeaving } from '../api/refresh';
import { Field } from '../forms/Field';
import { licenseName, useLicenseList } from '../licenses/licenseApi';
import { Notice, Page } from '../shell/Page';
import { LicenseUrlField, newOrderKey, OrderedItem, OrderFormEnd, OrderSummary, useOrderSubmit } from './OrderParts';

export function OrderFormPage({ itemId }: { itemId: string }) {
  return <OrderedItem itemId={itemId} backHref="/list">{(item) => <OrderForm item={item} />}</OrderedItem>;
}

function OrderForm({ item }: { item: CatalogueEntry }) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const licenses = useLicenseList();
  const [orderKey] = useState(newOrderKey);
  const [licenseUrl, setLicenseUrl] = useState('');
  const [parentLicenseId, setParentLicenseId] = useState('');
  const { errors, busy, send } = useOrderSubmit(['licenseUrl', 'parentLicenseId', 'priceCents', 'itemId', 'orderKey']);
  const title = catalogueTitle(item);
  const parents = eligibleParents(licenses.data?.licenses ?? [], item.product);

  const submit = (e: FormEvent) =>
    send(e, async () => {
      const placed = await api<OrderPlaced>('POST', '/api/customer/orders/online', {
        itemId: item.id,
        priceCents: item.priceCents,
        orderKey,
        ...(item.kind === 'license' ? { licenseUrl } : {}),
        ...(attachesToLicense(item.kind) && parentLicenseId ? { parentLicenseId: Number(parentLicenseId) } : {}),
      });
      await refreshBeforeLeaving(queryClient, ['customer', 'invoices']);
      navigate(`~/invoices?issued=${placed.invoiceId}`);
    });

  return (
    <Page title={`Order online: ${title}`}>
      <OrderSummary item={item} />
      <form className="form narrow" noValidate onSubmit={submit} aria-label="Order form">
        {item.kind === 'license' ? <LicenseUrlField value={licenseUrl} onChange={setLicenseUrl} error={errors.field('licenseUrl')} /> : null}
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
        <OrderFormEnd errors={errors} busy={busy} disabled={attachesToLicense(item.kind) && !parents.length} backHref="/list">
          The invoice is issued at once; you pay it on the next page with &apos;Pay&apos;.
        </OrderFormEnd>
      </form>
    </Page>
  );
}
