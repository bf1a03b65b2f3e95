/**
 * The demo's forum (issue 22): the categories a software vendor's forum starts with, and a
 * pinned welcome thread by the admin (a staff post, so the demo shows how staff answers look).
 * Written once: a forum that has categories is left alone.
 */
import type { Queryable } from '../../db/database';
import { queryBuilder } from '../../db/queryBuilder';

const categories = [
  { name: 'General discussion', description: 'Anything about our products that fits nowhere else.' },
  { name: 'Installation and upgrades', description: 'Installing X-Cart and LiteCommerce, moving servers, upgrading between versions.' },
  { name: 'Add-ons and skins', description: 'Choosing, setting up and customising add-ons and skins.' },
  { name: 'Hosting', description: 'Our hosting plans and running the software on your own server.' },
];

const welcome = `Welcome! This forum is for customers and their representatives to help each other.

- Search before you ask: someone may have had the same question.
- Our staff read along; their answers are marked **Staff**.
- For anything about your own account, licenses or invoices, open a ticket in the *Communication center* instead.`;

export async function ensureDemoForum(db: Queryable, now: number): Promise<void> {
  const q = queryBuilder(db);
  if (await q.selectFrom('forumCategories').select('id').limit(1).executeTakeFirst()) return;
  const ids: number[] = [];
  for (const [i, c] of categories.entries()) {
    const row = await q.insertInto('forumCategories').values({ ...c, position: i, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const admin = await q.selectFrom('users').select('id').where('role', '=', 'staff.admin').orderBy('id').executeTakeFirst();
  if (!admin) return;
  const thread = await q
    .insertInto('forumThreads')
    .values({ categoryId: ids[0]!, title: 'Welcome to the forum: please read first', authorUserId: admin.id, createdAt: now, lastPostAt: now, pinned: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await q.insertInto('forumPosts').values({ threadId: thread.id, authorUserId: admin.id, body: welcome, byStaff: true, opening: true, createdAt: now }).execute();
  await q.insertInto('forumModeration').values({ threadId: thread.id, action: 'pin', reason: 'The forum\'s rules, for everyone to see first', actorUserId: admin.id, at: now }).execute();
}
