/**
 * The admin's Catalogue screen: everything the portal sells (licenses by product and edition,
 * add-ons, skins, support points packages, services, hosting plans), retired items too, with
 * the current item's price history. New items, changes of name, description or price (a new
 * price joins the history; placed orders keep theirs), retire and sell again. The list is read
 * from the server (online only); changes are local actions pushed through the sync outbox, so
 * a refusal (a name taken) arrives as a toast. Keyboard: j/k move, n new, e edit, r retire or
 * sell again.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import {
  belongsToProduct,
  catalogueKindLabel,
  catalogueKinds,
  catalogueTitle,
  priceCentsOf,
  priceText,
  type AdminCatalogueItem,
  type CatalogueKind,
} from '../../shared/catalogue/catalogue';
import { formatMoney } from '../../shared/billing/orderItems';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { runTicketAction } from '../api/useTicketAction';
import { formatDate } from '../shell/timeText';
import { movedCursor, useScreenKeys } from '../staff/screenKeys';
import { ServerReadError } from '../staff/ServerReadError';

const useCatalogue = () => useQuery({ queryKey: queryKey('catalogue.list'), queryFn: () => consoleClient().catalogue.list(), retry: false });

/** The reason of the contract's own check ("catalogue.create: name: must not be empty"), by field. */
function fieldError(err: unknown): { field: string; reason: string } {
  const text = err instanceof Error ? err.message : String(err);
  const m = /^[\w.]+: ([\w.]+?): (.+)$/.exec(text);
  return m ? { field: m[1]!, reason: m[2]! } : { field: 'form', reason: text };
}

interface ItemForm {
  kind: CatalogueKind;
  product: string;
  name: string;
  description: string;
  amount: string;
  price: string;
}
const emptyForm: ItemForm = { kind: 'license', product: '', name: '', description: '', amount: '', price: '' };

/** The new-item form, or (with `item`) the change form of one item: name, description, price. */
function ItemEditor({ item, onDone, nameRef }: { item?: AdminCatalogueItem; onDone?(): void; nameRef?: React.Ref<HTMLSelectElement | HTMLInputElement> }) {
  const [form, setForm] = useState<ItemForm>(item ? { ...emptyForm, kind: item.kind, name: item.name, description: item.description, price: (item.priceCents / 100).toFixed(2) } : emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<ItemForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const priceCents = priceCentsOf(form.price);
    if (priceCents === null) return setErrors({ priceCents: 'must be a price such as 49.90' });
    try {
      if (item) {
        await consoleClient().catalogue.update({ itemId: item.id, name: form.name, description: form.description, priceCents });
      } else {
        const amount = form.amount.trim() ? Number(form.amount) : null;
        await consoleClient().catalogue.create({
          kind: form.kind, name: form.name, description: form.description, priceCents,
          ...(belongsToProduct(form.kind) ? { product: form.product } : {}),
          ...(form.kind === 'support_points' ? { points: amount } : {}),
          ...(form.kind === 'hosting' ? { months: amount } : {}),
        });
        setForm({ ...emptyForm, kind: form.kind, product: form.product });
      }
      setErrors({});
      onDone?.();
    } catch (err) {
      const { field, reason } = fieldError(err);
      setErrors({ [field]: reason });
    }
  };
  const fieldProps = (name: string) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `catalogue-${item?.id ?? 'new'}-${name}-error` : undefined });
  const errorOf = (name: string) => errors[name] && <span id={`catalogue-${item?.id ?? 'new'}-${name}-error`} role="alert" className="field-error">{errors[name]}</span>;
  const amountLabel = form.kind === 'support_points' ? 'Points' : form.kind === 'hosting' ? 'Months' : null;
  return (
    <form className="name-form catalogue-form" aria-label={item ? `Change ${catalogueTitle(item)}` : 'New catalogue item'} noValidate onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone?.()}>
      {!item && (
        <label>
          Kind
          <select ref={nameRef as React.Ref<HTMLSelectElement>} value={form.kind} onChange={(e) => set({ kind: e.target.value as CatalogueKind })}>
            {catalogueKinds.map((k) => <option key={k} value={k}>{catalogueKindLabel[k]}</option>)}
          </select>
        </label>
      )}
      {!item && belongsToProduct(form.kind) && (
        <label>
          Product
          <input value={form.product} onChange={(e) => set({ product: e.target.value })} {...fieldProps('product')} />
          {errorOf('product')}
        </label>
      )}
      <label>
        {form.kind === 'license' ? 'Edition' : 'Name'}
        <input ref={item ? (nameRef as React.Ref<HTMLInputElement>) : undefined} value={form.name} onChange={(e) => set({ name: e.target.value })} {...fieldProps('name')} />
        {errorOf('name')}
      </label>
      {!item && amountLabel && (
        <label>
          {amountLabel}
          <input inputMode="numeric" value={form.amount} onChange={(e) => set({ amount: e.target.value })} {...fieldProps(form.kind === 'hosting' ? 'months' : 'points')} />
          {errorOf(form.kind === 'hosting' ? 'months' : 'points')}
        </label>
      )}
      <label>
        Description
        <input value={form.description} onChange={(e) => set({ description: e.target.value })} {...fieldProps('description')} />
        {errorOf('description')}
      </label>
      <label>
        Price (USD)
        <input inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} {...fieldProps('priceCents')} />
        {errorOf('priceCents')}
      </label>
      <button type="submit" className="primary">{item ? 'Save' : 'Add'}</button>
      {item && <button type="button" onClick={onDone}>Cancel</button>}
      {errorOf('form')}
    </form>
  );
}

function PriceHistory({ item }: { item: AdminCatalogueItem }) {
  return (
    <section className="price-history" aria-labelledby="price-history-title">
      <h2 id="price-history-title">Price history of {catalogueTitle(item)}</h2>
      <ol>
        {item.prices.map((p, i) => (
          <li key={i}>
            {formatMoney(p.priceCents, item.currency)} from {formatDate(p.fromAt)}{p.setByName ? `, set by ${p.setByName}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CatalogueScreen() {
  const catalogue = useCatalogue();
  const [cursor, setCursor] = useState(0);
  const [editing, setEditing] = useState<AdminCatalogueItem | null>(null);
  const newRef = useRef<HTMLSelectElement | HTMLInputElement | null>(null);
  const items = catalogue.data?.items ?? [];
  const at = Math.min(cursor, Math.max(0, items.length - 1));
  const current = items[at];
  const toggle = useCallback((i: AdminCatalogueItem) => {
    if (i.active && !window.confirm(`Retire ${catalogueTitle(i)}? It is no longer sold; orders placed keep it.`)) return;
    void runTicketAction('catalogue.setActive', { itemId: i.id, active: !i.active });
  }, []);

  useScreenKeys(useCallback((key: string) => {
    const moved = movedCursor(key, at, items.length);
    if (moved !== null) setCursor(moved);
    else if (key === 'n') newRef.current?.focus();
    else if (key === 'e' && current) setEditing(current);
    else if (key === 'r' && current) toggle(current);
    else return false;
    return true;
  }, [at, items.length, current, toggle]));

  return (
    <section className="catalogue-screen" aria-labelledby="catalogue-title">
      <header className="screen-header">
        <h1 id="catalogue-title">Catalogue <span className="count">{items.filter((i) => i.active).length} on sale</span></h1>
        <p className="muted">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>n</kbd> new · <kbd>e</kbd> edit · <kbd>r</kbd> retire or sell again
        </p>
      </header>
      {catalogue.isPending ? (
        <p className="loading">Reading the catalogue from the server…</p>
      ) : catalogue.isError ? (
        <ServerReadError error={catalogue.error} retry={() => void catalogue.refetch()} />
      ) : (
        <>
          <table className="billing-table" aria-label="Catalogue">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Item</th>
                <th scope="col">Price</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i, n) => (
                <tr key={i.id} aria-selected={n === at} className={n === at ? 'cursor' : ''} onClick={() => setCursor(n)}>
                  <td>{catalogueKindLabel[i.kind]}</td>
                  <td>
                    {catalogueTitle(i)}
                    {i.description && <div className="muted">{i.description}</div>}
                  </td>
                  <td>{priceText(i)}</td>
                  <td>{i.active ? 'On sale' : 'Retired'}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(i)}>Edit…</button>
                    <button type="button" onClick={() => toggle(i)}>{i.active ? 'Retire' : 'Sell again'}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {editing && <ItemEditor key={editing.id} item={editing} onDone={() => setEditing(null)} />}
          {current && <PriceHistory item={current} />}
          <ItemEditor nameRef={newRef} />
        </>
      )}
    </section>
  );
}
