/**
 * The demo's catalogue (issue 22): the seed's products with their editions, add-ons and skins
 * at the seed's prices, the support points packages, a few services and the hosting plans,
 * one retired item among them, each with its first price in the history. Written once: a
 * catalogue that has items is left alone.
 */
import type { CatalogueKind } from '../../../shared/catalogue/catalogue';
import type { Queryable } from '../../db/database';
import { queryBuilder } from '../../db/queryBuilder';
import { hostingPlans, pointPackages, products } from '../vocabulary/products';

interface DemoItem {
  kind: CatalogueKind;
  product?: string;
  name: string;
  description: string;
  points?: number;
  months?: number;
  priceCents: number;
  active?: boolean;
}

const services: DemoItem[] = [
  { kind: 'service', name: 'X-Cart installation', description: 'We install X-Cart on your server and check that the store works.', priceCents: 9900 },
  { kind: 'service', name: 'LiteCommerce installation', description: 'We install LiteCommerce on your server and check that the store works.', priceCents: 9900 },
  { kind: 'service', name: 'Upgrade to the current version', description: 'We upgrade your store to the current version, your changes kept.', priceCents: 19900 },
  { kind: 'service', name: 'Custom design (per 10 hours)', description: 'A skin made for your store by our designers; a project ticket agrees the details.', priceCents: 50000 },
];
const hostingPrices = [2900, 5900, 9900, 24900];

export function demoCatalogue(): DemoItem[] {
  const items: DemoItem[] = [];
  for (const p of products) {
    for (const [edition, , price] of p.editions) items.push({ kind: 'license', product: p.name, name: edition, description: `A ${p.name} ${edition} license for one store URL, with a year of upgrades.`, priceCents: price });
    for (const [name, price] of p.addons) items.push({ kind: 'addon', product: p.name, name, description: `The ${name} add-on for a ${p.name} license.`, priceCents: price });
    for (const [name, price] of p.skins) items.push({ kind: 'skin', product: p.name, name, description: `The ${name} skin for a ${p.name} store.`, priceCents: price });
  }
  for (const [points, price] of pointPackages) items.push({ kind: 'support_points', name: `${points} points package`, points, description: `${points} technical support points for tickets and HotRush.`, priceCents: price });
  items.push(...services);
  hostingPlans.forEach((plan, i) => items.push({ kind: 'hosting', name: plan, months: 12, description: `${plan} hosting for a year, with daily backups.`, priceCents: hostingPrices[i] ?? 9900 }));
  // A retired one, so the demo shows that retired items are kept but not sold.
  items.push({ kind: 'addon', product: 'X-Cart', name: 'X-Survey Classic', description: 'Replaced by X-Survey.', priceCents: 3900, active: false });
  return items;
}

export async function ensureDemoCatalogue(db: Queryable, now: number): Promise<void> {
  const q = queryBuilder(db);
  if (await q.selectFrom('catalogueItems').select('id').limit(1).executeTakeFirst()) return;
  for (const i of demoCatalogue()) {
    const row = await q
      .insertInto('catalogueItems')
      .values({ kind: i.kind, product: i.product ?? null, name: i.name, description: i.description, points: i.points ?? null, months: i.months ?? null, priceCents: i.priceCents, active: i.active ?? true, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q.insertInto('cataloguePrices').values({ itemId: row.id, priceCents: i.priceCents, fromAt: now, setBy: null }).execute();
  }
}
