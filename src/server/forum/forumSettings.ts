/** The forum's settings (the per-user posting limit), stored as JSON under `forum` in `settings`. */
import { defaultForumSettings, ForumSettings } from '../../shared/forum/forum';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

export async function forumSettings(db: Queryable): Promise<ForumSettings> {
  const row = await queryBuilder(db).selectFrom('settings').select('value').where('key', '=', 'forum').executeTakeFirst();
  // Written only by saveForumSettings from a checked value; a newer key missing falls back to its default.
  const parsed = ForumSettings.partial().safeParse(row?.value ?? {});
  return { ...defaultForumSettings, ...(parsed.success ? parsed.data : {}) };
}

export async function saveForumSettings(db: Queryable, value: ForumSettings): Promise<void> {
  await queryBuilder(db)
    .insertInto('settings')
    .values({ key: 'forum', value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}
