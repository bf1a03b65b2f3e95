/**
 * The forum's pushed mutations: categories and the posting limit (staff.admin only), staff
 * threads and answers (marked as staff answers), and moderation by any staff role (hide or
 * show a post, lock, pin, move a thread), each step kept with its reason in forum_moderation.
 * Category and settings changes are audited.
 */
import type { MutationArgs } from '../../shared/sync/protocol';
import { recordAudit } from '../audit/auditLog';
import { queryBuilder, sql } from '../db/queryBuilder';
import { isUniqueViolation } from '../db/pgErrors';
import { ApiError, conflict } from '../http/errors';
import { permitted } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';
import { forumSettings, saveForumSettings } from './forumSettings';
import { reply, startThread, type FieldOf } from './forumWrites';

const args: FieldOf = (name) => `args.${name}`;

const audit = (ctx: CommandContext, action: string, entity: string, id: number | undefined, details: Record<string, unknown>) =>
  recordAudit(ctx.w, { actorUserId: ctx.actor.id, action, entity, entityId: id, details, at: ctx.w.now });

const nameTaken = (name: string) => conflict('forum_category_exists', `args.name: there is a forum category "${name}" already`, 'args.name');

async function assertNameFree(ctx: CommandContext, name: string, except: number | null): Promise<void> {
  const other = await queryBuilder(ctx.w)
    .selectFrom('forumCategories')
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .$if(except !== null, (qb) => qb.where('id', '<>', except!))
    .executeTakeFirst();
  if (other) throw nameTaken(name);
}

async function lockCategory(ctx: CommandContext, categoryId: number, field = 'args.categoryId') {
  const c = await queryBuilder(ctx.w).selectFrom('forumCategories').selectAll().where('id', '=', categoryId).forUpdate().executeTakeFirst();
  if (!c) throw new ApiError(400, 'unknown_category', `${field}: there is no forum category ${categoryId}`, field);
  return c;
}

async function lockThread(ctx: CommandContext, threadId: number) {
  const t = await queryBuilder(ctx.w).selectFrom('forumThreads').select(['id', 'categoryId', 'locked', 'pinned']).where('id', '=', threadId).forUpdate().executeTakeFirst();
  if (!t) throw new ApiError(404, 'not_found', `args.threadId: forum thread ${threadId} not found`, 'args.threadId');
  return t;
}

type Step = { threadId: number; postId?: number; action: string; reason: string; details?: Record<string, unknown> };
async function logStep(ctx: CommandContext, s: Step): Promise<void> {
  await queryBuilder(ctx.w)
    .insertInto('forumModeration')
    .values({ threadId: s.threadId, postId: s.postId ?? null, action: s.action, reason: s.reason, details: s.details ? JSON.stringify(s.details) : null, actorUserId: ctx.actor.id, at: ctx.w.now })
    .execute();
}

const bump = sql<number>`version + 1`;

export const forumCommands = {
  createCategory: permitted('forumCategory.create', async (ctx: CommandContext, a: MutationArgs<'forumCategory.create'>) => {
    await assertNameFree(ctx, a.name, null);
    const row = await queryBuilder(ctx.w)
      .insertInto('forumCategories')
      .values({ name: a.name, description: a.description ?? '', position: a.position ?? 0, createdAt: ctx.w.now, updatedAt: ctx.w.now })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        // Two admins creating the same category at once: the index decides, the loser is told.
        if (isUniqueViolation(err)) throw nameTaken(a.name);
        throw err;
      });
    await audit(ctx, 'forum.category.create', 'forum_category', row.id, { name: a.name });
    return { categoryId: row.id };
  }),

  updateCategory: permitted('forumCategory.update', async (ctx: CommandContext, a: MutationArgs<'forumCategory.update'>) => {
    const c = await lockCategory(ctx, a.categoryId);
    const next = { name: a.name ?? c.name, description: a.description ?? c.description, position: a.position ?? c.position };
    if (next.name === c.name && next.description === c.description && next.position === c.position) return;
    if (next.name.toLowerCase() !== c.name.toLowerCase()) await assertNameFree(ctx, next.name, c.id);
    await queryBuilder(ctx.w).updateTable('forumCategories').set({ ...next, updatedAt: ctx.w.now, version: bump }).where('id', '=', c.id).execute();
    await audit(ctx, 'forum.category.update', 'forum_category', c.id, { before: { name: c.name, description: c.description, position: c.position }, after: next });
  }),

  setCategoryArchived: permitted('forumCategory.setArchived', async (ctx: CommandContext, a: MutationArgs<'forumCategory.setArchived'>) => {
    const c = await lockCategory(ctx, a.categoryId);
    if (c.archived === a.archived) return;
    await queryBuilder(ctx.w).updateTable('forumCategories').set({ archived: a.archived, updatedAt: ctx.w.now, version: bump }).where('id', '=', c.id).execute();
    await audit(ctx, a.archived ? 'forum.category.archive' : 'forum.category.restore', 'forum_category', c.id, { name: c.name });
  }),

  setSettings: permitted('forum.setSettings', async (ctx: CommandContext, a: MutationArgs<'forum.setSettings'>) => {
    const before = await forumSettings(ctx.w);
    await saveForumSettings(ctx.w, a);
    await audit(ctx, 'settings.forum.update', 'settings', undefined, { before, after: a });
  }),

  startThread: permitted('forum.startThread', async (ctx: CommandContext, a: MutationArgs<'forum.startThread'>) =>
    startThread(ctx.w, ctx.actor, a, await forumSettings(ctx.w), ctx.w.now, args)),

  reply: permitted('forum.reply', async (ctx: CommandContext, a: MutationArgs<'forum.reply'>) =>
    reply(ctx.w, ctx.actor, a, await forumSettings(ctx.w), ctx.w.now, args)),

  setPostHidden: permitted('forum.setPostHidden', async (ctx: CommandContext, a: MutationArgs<'forum.setPostHidden'>) => {
    const post = await queryBuilder(ctx.w).selectFrom('forumPosts').select(['id', 'threadId', 'hidden', 'opening']).where('id', '=', a.postId).forUpdate().executeTakeFirst();
    if (!post) throw new ApiError(400, 'unknown_post', `args.postId: there is no forum post ${a.postId}`, 'args.postId');
    if (post.hidden === a.hidden) return;
    await queryBuilder(ctx.w)
      .updateTable('forumPosts')
      .set(a.hidden ? { hidden: true, hiddenReason: a.reason, hiddenBy: ctx.actor.id, hiddenAt: ctx.w.now, version: bump } : { hidden: false, hiddenReason: null, hiddenBy: null, hiddenAt: null, version: bump })
      .where('id', '=', post.id)
      .execute();
    // The opening post stands for its thread: hidden, the whole thread is gone for customers.
    if (post.opening) await queryBuilder(ctx.w).updateTable('forumThreads').set({ hidden: a.hidden, version: bump }).where('id', '=', post.threadId).execute();
    await logStep(ctx, { threadId: post.threadId, postId: post.id, action: a.hidden ? 'hide' : 'show', reason: a.reason });
  }),

  setLocked: permitted('forum.setLocked', async (ctx: CommandContext, a: MutationArgs<'forum.setLocked'>) => {
    const t = await lockThread(ctx, a.threadId);
    if (t.locked === a.locked) return;
    await queryBuilder(ctx.w).updateTable('forumThreads').set({ locked: a.locked, lockReason: a.locked ? a.reason : null, version: bump }).where('id', '=', t.id).execute();
    await logStep(ctx, { threadId: t.id, action: a.locked ? 'lock' : 'unlock', reason: a.reason });
  }),

  setPinned: permitted('forum.setPinned', async (ctx: CommandContext, a: MutationArgs<'forum.setPinned'>) => {
    const t = await lockThread(ctx, a.threadId);
    if (t.pinned === a.pinned) return;
    await queryBuilder(ctx.w).updateTable('forumThreads').set({ pinned: a.pinned, version: bump }).where('id', '=', t.id).execute();
    await logStep(ctx, { threadId: t.id, action: a.pinned ? 'pin' : 'unpin', reason: a.reason });
  }),

  move: permitted('forum.move', async (ctx: CommandContext, a: MutationArgs<'forum.move'>) => {
    const t = await lockThread(ctx, a.threadId);
    const to = await lockCategory(ctx, a.categoryId);
    if (to.archived) throw new ApiError(400, 'category_archived', `args.categoryId: forum category ${to.id} is archived and takes no threads`, 'args.categoryId');
    if (t.categoryId === to.id) return;
    await queryBuilder(ctx.w).updateTable('forumThreads').set({ categoryId: to.id, version: bump }).where('id', '=', t.id).execute();
    await logStep(ctx, { threadId: t.id, action: 'move', reason: a.reason, details: { fromCategoryId: t.categoryId, toCategoryId: to.id } });
  }),
};
