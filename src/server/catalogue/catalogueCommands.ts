/**
 * The catalogue mutations (staff.admin only): create an item, change its name, description or
 * price, retire it or sell it again. A price change appends to the item's price history in
 * the same transaction; invoices and orders keep the prices they were placed at. Every change
 * is audited.
 */
import type { MutationArgs } from '../../shared/sync/protocol';
import { catalogueTitle } from '../../shared/catalogue/catalogue';
import { recordAudit } from '../audit/auditLog';
import { queryBuilder, sql } from '../db/queryBuilder';
import { isUniqueViolation } from '../db/pgErrors';
import { ApiError, conflict } from '../http/errors';
import { permitted } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';
import { lockCatalogueItem } from './catalogueStore';

const audit = (ctx: CommandContext, action: string, id: number, details: Record<string, unknown>) =>
  recordAudit(ctx.w, { actorUserId: ctx.actor.id, action, entity: 'catalogue_item', entityId: id, details, at: ctx.w.now });

const taken = (a: { name: string }) => conflict('catalogue_item_exists', `args.name: the catalogue has "${a.name}" of this kind${'product' in a && a.product ? ` for ${String(a.product)}` : ''} already`, 'args.name');

/** Another item of the same kind, product and name (the unique index's rule), refused before the index would fail the write. */
async function assertNameFree(ctx: CommandContext, a: { kind: string; product: string | null; name: string }, except: number | null): Promise<void> {
  const other = await queryBuilder(ctx.w)
    .selectFrom('catalogueItems')
    .select('id')
    .where('kind', '=', a.kind)
    .where(sql<string>`coalesce(product, '')`, '=', a.product ?? '')
    .where(sql<string>`lower(name)`, '=', a.name.toLowerCase())
    .$if(except !== null, (qb) => qb.where('id', '<>', except!))
    .executeTakeFirst();
  if (other) throw taken(a);
}

async function lockForChange(ctx: CommandContext, itemId: number) {
  const item = await lockCatalogueItem(ctx.w, itemId, 'update');
  if (!item) throw new ApiError(404, 'not_found', `args.itemId: catalogue item ${itemId} not found`, 'args.itemId');
  return item;
}

async function addPrice(ctx: CommandContext, itemId: number, priceCents: number): Promise<void> {
  await queryBuilder(ctx.w).insertInto('cataloguePrices').values({ itemId, priceCents, fromAt: ctx.w.now, setBy: ctx.actor.id }).execute();
}

export const catalogueCommands = {
  create: permitted('catalogue.create', async (ctx: CommandContext, a: MutationArgs<'catalogue.create'>) => {
    const fields = { kind: a.kind, product: a.product ?? null, name: a.name, description: a.description ?? '', points: a.points ?? null, months: a.months ?? null, priceCents: a.priceCents };
    await assertNameFree(ctx, fields, null);
    const row = await queryBuilder(ctx.w)
      .insertInto('catalogueItems')
      .values({ ...fields, createdAt: ctx.w.now, updatedAt: ctx.w.now })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        // Two admins creating the same item at once: the index decides, the loser is told.
        if (isUniqueViolation(err)) throw taken(fields);
        throw err;
      });
    await addPrice(ctx, row.id, a.priceCents);
    await audit(ctx, 'catalogue.create', row.id, { title: catalogueTitle(fields), priceCents: a.priceCents });
    return { itemId: row.id };
  }),

  update: permitted('catalogue.update', async (ctx: CommandContext, a: MutationArgs<'catalogue.update'>) => {
    const item = await lockForChange(ctx, a.itemId);
    const next = { name: a.name ?? item.name, description: a.description ?? item.description, priceCents: a.priceCents ?? item.priceCents };
    if (next.name === item.name && next.description === item.description && next.priceCents === item.priceCents) return;
    if (next.name !== item.name) await assertNameFree(ctx, { ...item, name: next.name }, item.id);
    await queryBuilder(ctx.w)
      .updateTable('catalogueItems')
      .set((eb) => ({ ...next, updatedAt: ctx.w.now, version: eb('version', '+', 1) }))
      .where('id', '=', item.id)
      .execute();
    if (next.priceCents !== item.priceCents) await addPrice(ctx, item.id, next.priceCents);
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => item[k as keyof typeof next] !== v).map(([k, v]) => [k, { before: item[k as keyof typeof next], after: v }]));
    await audit(ctx, 'catalogue.update', item.id, { title: catalogueTitle(item), ...changed });
  }),

  setActive: permitted('catalogue.setActive', async (ctx: CommandContext, a: MutationArgs<'catalogue.setActive'>) => {
    const item = await lockForChange(ctx, a.itemId);
    if (item.active === a.active) return;
    await queryBuilder(ctx.w).updateTable('catalogueItems').set((eb) => ({ active: a.active, updatedAt: ctx.w.now, version: eb('version', '+', 1) })).where('id', '=', item.id).execute();
    await audit(ctx, a.active ? 'catalogue.reactivate' : 'catalogue.retire', item.id, { title: catalogueTitle(item) });
  }),
};
