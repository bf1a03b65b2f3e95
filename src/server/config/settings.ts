/** Admin-editable settings, stored as JSON in `settings`, with the seed's defaults. */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import { defaultLifecycleSettings, type LifecycleSettings } from '../../shared/domain/model';

export async function lifecycleSettings(db: Queryable): Promise<LifecycleSettings> {
  const [row] = await db.query<{ value: Partial<LifecycleSettings> }>(`SELECT value FROM settings WHERE key = 'lifecycle'`);
  const stored = row?.value ?? {};
  return { ...defaultLifecycleSettings, ...stored, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, ...stored.turnaroundMs } };
}

/** Replaces the life-cycle settings; deadlines already running keep the values they started with. */
export async function saveLifecycleSettings(db: Queryable, value: LifecycleSettings): Promise<void> {
  await db.query(`INSERT INTO settings (key, value) VALUES ('lifecycle', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(value)]);
}

/** The sync epoch: made once per database; a new one invalidates every console's cursor. */
export async function syncEpoch(db: Queryable): Promise<string> {
  await db.query(`INSERT INTO settings (key, value) VALUES ('sync.epoch', $1) ON CONFLICT (key) DO NOTHING`, [
    JSON.stringify(randomBytes(6).toString('base64url')),
  ]);
  const [row] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'sync.epoch'`);
  return row!.value;
}
