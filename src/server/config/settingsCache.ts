/**
 * The life-cycle settings, read once and kept: every customer request and every push needs
 * them, and they change only when an admin saves them (bench: one query fewer per request).
 * A save sends NOTIFY on `settingsChannel` in its transaction, so every server process on the
 * database drops its copy at the commit; the saving process drops its own at once, so its
 * next request reads the new values. A listener that lost its connection drops its copy too,
 * since a notification sent meanwhile is lost.
 */
import type { Database } from '../db/database';
import type { LifecycleSettings } from '../../shared/domain/model';
import { lifecycleSettings } from './settings';
import { settingsChannel } from './settingsChannel';

function frozen<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) frozen(v);
  return Object.freeze(value);
}

export class SettingsCache {
  private lifecycleRead: Promise<LifecycleSettings> | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  private constructor(private readonly db: Database) {}

  static async start(db: Database): Promise<SettingsCache> {
    const cache = new SettingsCache(db);
    cache.unlisten = await db.listen(settingsChannel, () => cache.invalidate(), () => cache.invalidate());
    return cache;
  }

  /** The current settings, shared by every caller: frozen, so none can change another's. */
  lifecycle(): Promise<LifecycleSettings> {
    if (!this.lifecycleRead) {
      const read = lifecycleSettings(this.db).then(frozen);
      this.lifecycleRead = read;
      // A failed read is not kept: the next caller tries again.
      read.catch(() => {
        if (this.lifecycleRead === read) this.lifecycleRead = null;
      });
    }
    return this.lifecycleRead;
  }

  invalidate(): void {
    this.lifecycleRead = null;
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }
}
