/**
 * Reading the catalogue (src/shared/catalogue): the public list of what is sold, the admin's
 * list with retired items and price histories, and one item locked for an order or a change.
 */
import type { AdminCatalogue, CatalogueEntry } from '../../shared/catalogue/catalogue';
import { CatalogueKind, catalogueKinds } from '../../shared/catalogue/catalogue';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

const entryColumns = ['id', 'kind', 'product', 'name', 'description', 'points', 'months', 'priceCents', 'currency', 'active', 'updatedAt'] as const;

type EntryRow = Omit<CatalogueEntry, 'kind'> & { kind: string };
const entry = (r: EntryRow): CatalogueEntry => ({ ...r, kind: CatalogueKind.parse(r.kind) });

export async function readCatalogue(db: Queryable, opts: { activeOnly: boolean }): Promise<CatalogueEntry[]> {
  const rows = await queryBuilder(db)
    .selectFrom('catalogueItems')
    .select(entryColumns)
    .$if(opts.activeOnly, (qb) => qb.where('active', '=', true))
    // Kind by kind in the list's order (catalogueKinds), then by product and price.
    .orderBy((eb) => eb.fn('array_position', [eb.val([...catalogueKinds]), eb.ref('kind')]))
    .orderBy('product')
    .orderBy('priceCents')
    .orderBy('id')
    .execute();
  return rows.map(entry);
}

export async function readAdminCatalogue(db: Queryable): Promise<AdminCatalogue> {
  const items = await readCatalogue(db, { activeOnly: false });
  const prices = await queryBuilder(db)
    .selectFrom('cataloguePrices as p')
    .leftJoin('users as u', 'u.id', 'p.setBy')
    .select(['p.itemId', 'p.priceCents', 'p.fromAt', 'u.name as setByName'])
    .orderBy('p.fromAt')
    .orderBy('p.id')
    .execute();
  const byItem = new Map<number, typeof prices>();
  for (const p of prices) byItem.set(p.itemId, [...(byItem.get(p.itemId) ?? []), p]);
  return { items: items.map((i) => ({ ...i, prices: (byItem.get(i.id) ?? []).map(({ priceCents, fromAt, setByName }) => ({ priceCents, fromAt, setByName })) })) };
}

/**
 * One item, locked: FOR UPDATE for an admin's change, FOR SHARE for an order, so an order
 * placed while its price changes sees either the old price or the new one, never a mix.
 */
export async function lockCatalogueItem(q: Queryable, id: number, mode: 'update' | 'share'): Promise<CatalogueEntry | null> {
  const base = queryBuilder(q).selectFrom('catalogueItems').select(entryColumns).where('id', '=', id);
  const row = await (mode === 'update' ? base.forUpdate() : base.forShare()).executeTakeFirst();
  return row ? entry(row) : null;
}

/** The items by id (for checking an invoice's items are still sold). */
export async function catalogueItemsById(q: Queryable, ids: number[]): Promise<Map<number, CatalogueEntry>> {
  if (!ids.length) return new Map();
  const rows = await queryBuilder(q).selectFrom('catalogueItems').select(entryColumns).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, entry(r)]));
}
