/**
 * First start of the demo: fill an empty database with demo data. A database that already
 * has tickets is left alone, so restarting the demo never duplicates or replaces anything.
 */
import { queryBuilder } from '../db/queryBuilder';
import type { Database } from '../db/database';
import type { BlobStore } from '../files/blobStore';
import { generateDemoDataIfEmpty } from './generate';

/** Generates demo data only if there are no tickets yet; returns whether it did. */
export async function seedIfEmpty(db: Database, opts: { tickets: number; now?: number; seed?: number; blobs?: BlobStore }): Promise<boolean> {
  // Cheap check first; the generator checks again under its lock.
  if (await queryBuilder(db).selectFrom('tickets').select('id').limit(1).executeTakeFirst()) return false;
  return (await generateDemoDataIfEmpty(db, { tickets: opts.tickets, seed: opts.seed, now: opts.now ?? Date.now(), blobs: opts.blobs })) !== null;
}
