/**
 * "List of available Products and Services": what is on sale, kind by kind, each with 'Order
 * online'. The same list is the visitors' catalogue (PublicCataloguePage), whose 'Order
 * online' leads through sign-in to the order form.
 */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { catalogueKindLabel, catalogueKinds, catalogueTitle, priceText, type CatalogueEntry } from '../../shared/catalogue/catalogue';
import { errorText } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';
import { TableWrap } from '../shell/TableWrap';
import { useCatalogue } from './catalogueData';

function KindTable({ items, caption, orderHref }: { items: CatalogueEntry[]; caption: string; orderHref: (itemId: number) => string }) {
  return (
    <TableWrap label={caption}>
      <table className="catalogue">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Product or service</th>
            <th scope="col">Price</th>
            <th scope="col">
              <span className="sr-only">Order</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>
                <strong>{catalogueTitle(i)}</strong>
                {i.description ? <div className="muted">{i.description}</div> : null}
              </td>
              <td className="amount">{priceText(i)}</td>
              <td>
                <Link href={orderHref(i.id)} className="button-link primary" aria-label={`Order online: ${catalogueTitle(i)}`}>
                  Order online
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function CatalogueListPage({ orderHref = (id) => `/order/${id}`, intro }: { orderHref?: (itemId: number) => string; intro?: ReactNode }) {
  const { data, error, isPending } = useCatalogue();
  return (
    <Page title="List of available Products and Services">
      {intro}
      {isPending ? <Notice>Loading the list…</Notice> : null}
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {data && !data.items.length ? <Notice>Nothing is on sale at the moment.</Notice> : null}
      {data
        ? catalogueKinds.map((kind) => {
            const items = data.items.filter((i) => i.kind === kind);
            if (!items.length) return null;
            return (
              <section key={kind} aria-labelledby={`kind-${kind}`}>
                <h2 id={`kind-${kind}`}>{catalogueKindLabel[kind]}</h2>
                <KindTable items={items} caption={catalogueKindLabel[kind]} orderHref={orderHref} />
              </section>
            );
          })
        : null}
    </Page>
  );
}
