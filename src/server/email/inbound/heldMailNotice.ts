/**
 * Held mail changes no synced row, so the consoles of those who handle it learn of a newly
 * held or a decided mail through the live stream (`held-mail`): a NOTIFY sent in the
 * transaction that held or decided it, so it reaches every process's streams at commit, and
 * not at all when that write rolled back.
 */
import type { Queryable } from '../../db/database';
import { queryBuilder, sql } from '../../db/queryBuilder';

export const heldMailChannel = 'sb_held_mail';

export async function tellHeldMailChanged(tx: Queryable): Promise<void> {
  await sql`SELECT pg_notify(${heldMailChannel}, '')`.execute(queryBuilder(tx));
}
