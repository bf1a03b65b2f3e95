/**
 * Posting in the forum, for every entry point (the portal's routes for customers, pushed
 * mutations for staff): start a thread, reply, edit one's own post. The shared rules decide
 * (forumRules.ts) on rows locked for the transaction; a refusal writes nothing. Each entry
 * point names its inputs its own way (`body.title`, `args.title`), so refusals name the field
 * as the caller sent it.
 */
import type { ForumPosted, ForumSettings } from '../../shared/forum/forum';
import { categoryRefusal, hourMs, postingLimitRefusal, replyRefusal, visiblePost, visibleThread, type ForumRefusal } from '../../shared/forum/forumRules';
import { isStaff } from '../../shared/domain/model';
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import type { ForumReader } from './forumStore';

/** Where an input of this name is in the caller's request: `threadId` → `params.threadId`, `title` → `body.title`. */
export type FieldOf = (name: string) => string;

export function refuse(r: ForumRefusal, fieldOf: FieldOf): never {
  const field = r.field ? fieldOf(r.field) : undefined;
  throw new ApiError(r.status, r.code, field ? `${field}: ${r.reason}` : r.reason, field);
}

const threadNotFound = (threadId: number, fieldOf: FieldOf) => new ApiError(404, 'not_found', `${fieldOf('threadId')}: forum thread ${threadId} not found`, fieldOf('threadId'));

/**
 * The posting limit, checked under a lock of the author's row: two posts sent at once by one
 * user are counted one after the other, so neither slips past the limit.
 */
async function checkPostingLimit(tx: Queryable, author: ForumReader, settings: ForumSettings, now: number): Promise<void> {
  if (isStaff(author.role)) return;
  await queryBuilder(tx).selectFrom('users').select('id').where('id', '=', author.id).forUpdate().execute();
  const recent = await queryBuilder(tx)
    .selectFrom('forumPosts')
    .select('createdAt')
    .where('authorUserId', '=', author.id)
    .where('createdAt', '>', now - hourMs)
    .orderBy('createdAt')
    .execute();
  const refusal = postingLimitRefusal(author.role, recent.map((r) => r.createdAt), settings, now);
  if (refusal) refuse(refusal, (n) => n);
}

/** The post this form already made (same author, same client key), when it is sent again. */
async function alreadyPosted(tx: Queryable, authorId: number, clientRef: string | undefined): Promise<ForumPosted | null> {
  if (!clientRef) return null;
  const p = await queryBuilder(tx).selectFrom('forumPosts').select(['id', 'threadId']).where('authorUserId', '=', authorId).where('clientRef', '=', clientRef).executeTakeFirst();
  return p ? { threadId: p.threadId, postId: p.id, created: false } : null;
}

export interface NewThreadInput {
  categoryId: number;
  title: string;
  body: string;
  clientRef?: string;
}

export async function startThread(tx: Queryable, author: ForumReader, input: NewThreadInput, settings: ForumSettings, now: number, fieldOf: FieldOf): Promise<ForumPosted> {
  const again = await alreadyPosted(tx, author.id, input.clientRef);
  if (again) return again;
  const category = await queryBuilder(tx).selectFrom('forumCategories').select(['id', 'archived']).where('id', '=', input.categoryId).forShare().executeTakeFirst();
  const refusal = categoryRefusal(category ?? null, input.categoryId);
  if (refusal) refuse(refusal, fieldOf);
  await checkPostingLimit(tx, author, settings, now);
  const thread = await queryBuilder(tx)
    .insertInto('forumThreads')
    .values({ categoryId: input.categoryId, title: input.title, authorUserId: author.id, createdAt: now, lastPostAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const post = await queryBuilder(tx)
    .insertInto('forumPosts')
    .values({ threadId: thread.id, authorUserId: author.id, body: input.body, byStaff: isStaff(author.role), opening: true, clientRef: input.clientRef ?? null, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { threadId: thread.id, postId: post.id, created: true };
}

export interface ReplyInput {
  threadId: number;
  body: string;
  quotePostId?: number;
  clientRef?: string;
}

/** The thread for a write, locked, as the author may see it; a thread the author may not see is not found. */
async function lockThread(tx: Queryable, reader: ForumReader, threadId: number, fieldOf: FieldOf) {
  const t = await queryBuilder(tx)
    .selectFrom('forumThreads as t')
    .innerJoin('forumCategories as c', 'c.id', 't.categoryId')
    .select(['t.id', 't.locked', 't.hidden', 'c.archived as categoryArchived'])
    .where('t.id', '=', threadId)
    .forUpdate('t')
    .executeTakeFirst();
  if (!t || !visibleThread(reader.role, t)) throw threadNotFound(threadId, fieldOf);
  return t;
}

export async function reply(tx: Queryable, author: ForumReader, input: ReplyInput, settings: ForumSettings, now: number, fieldOf: FieldOf): Promise<ForumPosted> {
  const again = await alreadyPosted(tx, author.id, input.clientRef);
  if (again) return again;
  const thread = await lockThread(tx, author, input.threadId, fieldOf);
  const locked = replyRefusal(author.role, thread);
  if (locked) refuse(locked, fieldOf);
  if (input.quotePostId !== undefined) {
    const quoted = await queryBuilder(tx).selectFrom('forumPosts').select(['threadId', 'hidden']).where('id', '=', input.quotePostId).executeTakeFirst();
    if (!quoted || quoted.threadId !== thread.id || !visiblePost(author.role, quoted)) {
      refuse({ status: 400, code: 'unknown_post', field: 'quotePostId', reason: `post ${input.quotePostId} is not a post of thread ${thread.id}` }, fieldOf);
    }
  }
  await checkPostingLimit(tx, author, settings, now);
  const post = await queryBuilder(tx)
    .insertInto('forumPosts')
    .values({ threadId: thread.id, authorUserId: author.id, body: input.body, byStaff: isStaff(author.role), quotePostId: input.quotePostId ?? null, clientRef: input.clientRef ?? null, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queryBuilder(tx).updateTable('forumThreads').set({ lastPostAt: now, version: sql`version + 1` }).where('id', '=', thread.id).execute();
  return { threadId: thread.id, postId: post.id, created: true };
}

/** The author changes its own post's text while the thread is open and the post shown. */
export async function editPost(tx: Queryable, author: ForumReader, postId: number, body: string, now: number, fieldOf: FieldOf): Promise<ForumPosted> {
  const post = await queryBuilder(tx).selectFrom('forumPosts').select(['id', 'threadId', 'authorUserId', 'hidden', 'body']).where('id', '=', postId).forUpdate().executeTakeFirst();
  if (!post || !visiblePost(author.role, post)) refuse({ status: 400, code: 'unknown_post', field: 'postId', reason: `there is no forum post ${postId}` }, fieldOf);
  if (post.authorUserId !== author.id) refuse({ status: 400, code: 'not_your_post', field: 'postId', reason: `post ${postId} was written by someone else: only its author can change it` }, fieldOf);
  const thread = await lockThread(tx, author, post.threadId, () => fieldOf('postId'));
  const locked = replyRefusal(author.role, thread);
  if (locked) refuse({ ...locked, field: 'postId', reason: `post ${postId} is in a locked thread: ${locked.reason}` }, fieldOf);
  if (post.body !== body) {
    await queryBuilder(tx).updateTable('forumPosts').set({ body, editedAt: now, version: sql`version + 1` }).where('id', '=', post.id).execute();
  }
  return { threadId: post.threadId, postId: post.id, created: false };
}
