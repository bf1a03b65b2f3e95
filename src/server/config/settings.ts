/** Admin-editable settings, stored as JSON in `settings`, with the seed's defaults. */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import { settingsChannel } from './settingsChannel';
import { defaultLifecycleSettings, type LifecycleSettings } from '../../shared/domain/model';
import { defaultPerMinute, NewsletterSettings } from '../../shared/newsletters/newsletters';
import { defaultAffiliateSettings, type AffiliateSettings } from '../../shared/affiliates/affiliates';

export async function lifecycleSettings(db: Queryable): Promise<LifecycleSettings> {
  const row = await valueOf(db, 'lifecycle');
  // Written only by saveLifecycleSettings, from a checked LifecycleSettings (older ones may lack newer keys).
  const stored = (row?.value ?? {}) as Partial<LifecycleSettings>;
  return { ...defaultLifecycleSettings, ...stored, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, ...stored.turnaroundMs } };
}

/**
 * Replaces the life-cycle settings; deadlines already running keep the values they started with.
 * Every server process's SettingsCache drops its copy when the transaction commits.
 */
export function saveLifecycleSettings(db: Queryable, value: LifecycleSettings): Promise<void> {
  return saveSetting(db, 'lifecycle', value);
}

async function saveSetting(db: Queryable, key: string, value: unknown): Promise<void> {
  await queryBuilder(db)
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
  await sql`SELECT pg_notify(${settingsChannel}, ${key})`.execute(queryBuilder(db));
}

/** The newsletter throttle; the default until an admin sets one. */
export async function newsletterSettings(db: Queryable): Promise<NewsletterSettings> {
  const row = await valueOf(db, 'newsletter');
  const stored = NewsletterSettings.safeParse(row?.value);
  return stored.success ? stored.data : { perMinute: defaultPerMinute };
}

export function saveNewsletterSettings(db: Queryable, value: NewsletterSettings): Promise<void> {
  return saveSetting(db, 'newsletter', value);
}

export async function affiliateSettings(db: Queryable): Promise<AffiliateSettings> {
  // Written only by saveAffiliateSettings, from a checked AffiliateSettings.
  return { ...defaultAffiliateSettings, ...((await valueOf(db, 'affiliate'))?.value as Partial<AffiliateSettings> | undefined) };
}

/** Replaces the affiliate program's settings; commissions already credited keep their percent. */
export function saveAffiliateSettings(db: Queryable, value: AffiliateSettings): Promise<void> {
  return saveSetting(db, 'affiliate', value);
}

/** The sync epoch: made once per database; a new one invalidates every console's cursor. */
export async function syncEpoch(db: Queryable): Promise<string> {
  await queryBuilder(db)
    .insertInto('settings')
    .values({ key: 'sync.epoch', value: JSON.stringify(randomBytes(6).toString('base64url')) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  // A JSON string, as written just above or by an earlier start.
  return (await valueOf(db, 'sync.epoch'))!.value as string;
}

/** Replaces the sync epoch (after a restore): every console's cursor becomes unknown and it bootstraps again. */
export async function newSyncEpoch(db: Queryable): Promise<string> {
  const epoch = randomBytes(6).toString('base64url');
  await queryBuilder(db)
    .insertInto('settings')
    .values({ key: 'sync.epoch', value: JSON.stringify(epoch) })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
  return epoch;
}

function valueOf(db: Queryable, key: string) {
  return queryBuilder(db).selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
}
