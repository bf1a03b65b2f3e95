/**
 * Reading the forum as one reader sees it (forumRules.ts): customers never get hidden posts,
 * threads whose opening post is hidden, archived categories or any moderation reason; staff
 * get all of it. Every read filters in SQL, so nothing hidden leaves the database for a customer.
 */
import type { ForumCategory, ForumModerationStep, ForumPost, ForumThreadCursor, ForumThreadPage, ForumThreadSummary } from '../../shared/forum/forum';
import { encodeForumCursor, forumThreadPageSize, ForumModerationStep as ModerationStep } from '../../shared/forum/forum';
import { seesModeration } from '../../shared/forum/forumRules';
import type { Role } from '../../shared/domain/model';
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';

export interface ForumReader {
  id: number;
  role: Role;
}

export async function readCategories(db: Queryable, reader: ForumReader): Promise<ForumCategory[]> {
  const staff = seesModeration(reader.role);
  const rows = await queryBuilder(db)
    .selectFrom('forumCategories as c')
    .select(['c.id', 'c.name', 'c.description', 'c.position', 'c.archived'])
    .select((eb) => [
      eb.selectFrom('forumThreads as t').select(eb.fn.countAll<number>().as('n')).whereRef('t.categoryId', '=', 'c.id').$if(!staff, (qb) => qb.where('t.hidden', '=', false)).as('threadCount'),
      eb.selectFrom('forumThreads as t').select((e) => e.fn.max('t.lastPostAt').as('m')).whereRef('t.categoryId', '=', 'c.id').$if(!staff, (qb) => qb.where('t.hidden', '=', false)).as('lastPostAt'),
    ])
    .$if(!staff, (qb) => qb.where('c.archived', '=', false))
    .orderBy('c.archived')
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  return rows.map((r) => ({ ...r, threadCount: Number(r.threadCount ?? 0), lastPostAt: r.lastPostAt === null ? null : Number(r.lastPostAt) }));
}

/** One category as the reader may see it, or null. */
export async function readCategory(db: Queryable, reader: ForumReader, categoryId: number): Promise<ForumCategory | null> {
  return (await readCategories(db, reader)).find((c) => c.id === categoryId) ?? null;
}

type Filter = { categoryId?: number; threadId?: number; search?: string };

function threadQuery(db: Queryable, reader: ForumReader, filter: Filter) {
  const staff = seesModeration(reader.role);
  // websearch syntax: words, "a phrase", -not, or; 'simple' as the posts' stored vectors are.
  const query = filter.search === undefined ? null : sql<string>`websearch_to_tsquery('simple', ${filter.search})`;
  // Which of a thread's posts `p` the reader may see (customers: not hidden ones).
  const visiblePost = staff ? sql<boolean>`true` : sql<boolean>`NOT ${sql.ref('p.hidden')}`;
  return queryBuilder(db)
    .selectFrom('forumThreads as t')
    .innerJoin('forumCategories as c', 'c.id', 't.categoryId')
    .innerJoin('users as u', 'u.id', 't.authorUserId')
    .select(['t.id', 't.categoryId', 'c.name as categoryName', 't.title', 't.authorUserId', 'u.name as authorName', 'u.role as authorRole', 't.createdAt', 't.lastPostAt', 't.pinned', 't.locked', 't.lockReason', 't.hidden'])
    .select((eb) => [
      eb.selectFrom('forumPosts as p').select((e) => e.cast<number>(e.fn.countAll(), 'integer').as('n')).whereRef('p.threadId', '=', 't.id').where('p.opening', '=', false).where(visiblePost).as('replyCount'),
      eb.exists(eb.selectFrom('forumPosts as p').select(sql.lit(1).as('one')).whereRef('p.threadId', '=', 't.id').where('p.byStaff', '=', true).where(visiblePost)).$castTo<boolean>().as('staffAnswered'),
    ])
    .$if(!staff, (qb) => qb.where('t.hidden', '=', false).where('c.archived', '=', false))
    .$if(filter.categoryId !== undefined, (qb) => qb.where('t.categoryId', '=', filter.categoryId!))
    .$if(filter.threadId !== undefined, (qb) => qb.where('t.id', '=', filter.threadId!))
    .$if(query !== null, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('t.titleTsv', '@@', query!),
          // The posts' GIN index finds the matching posts first; only those the reader may see count.
          eb('t.id', 'in', eb.selectFrom('forumPosts as p').select('p.threadId').where('p.searchTsv', '@@', query!).where(visiblePost)),
        ]),
      ),
    );
}

type ThreadRow = Awaited<ReturnType<ReturnType<typeof threadQuery>['execute']>>[number];
const summary = (r: ThreadRow, staff: boolean): ForumThreadSummary => ({
  id: r.id,
  categoryId: r.categoryId,
  categoryName: r.categoryName,
  title: r.title,
  author: { id: r.authorUserId, name: r.authorName, staff: r.authorRole.startsWith('staff.') },
  createdAt: r.createdAt,
  lastPostAt: r.lastPostAt,
  replyCount: Number(r.replyCount),
  staffAnswered: r.staffAnswered,
  pinned: r.pinned,
  locked: r.locked,
  hidden: staff && r.hidden,
});

/** One page of threads and where the next starts (null on the last): one row more than a page is read to know. */
function paged(rows: ThreadRow[], staff: boolean): { threads: ForumThreadSummary[]; nextCursor: string | null } {
  const threads = rows.slice(0, forumThreadPageSize).map((r) => summary(r, staff));
  const last = threads[threads.length - 1];
  return { threads, nextCursor: rows.length > forumThreadPageSize && last ? encodeForumCursor(last) : null };
}

/**
 * A page of a category's threads: pinned first, then by the latest post, ties by the higher
 * id; after `cursor` (the last thread of the page before), so every thread shows once however
 * many pages there are. The category index (pinned, last_post_at) serves the order.
 */
export async function readThreads(db: Queryable, reader: ForumReader, categoryId: number, cursor?: ForumThreadCursor): Promise<{ threads: ForumThreadSummary[]; nextCursor: string | null }> {
  const rows = await threadQuery(db, reader, { categoryId })
    .$if(cursor !== undefined, (qb) => qb.where(sql<boolean>`(t.pinned, t.last_post_at, t.id) < (${cursor!.pinned}, ${cursor!.lastPostAt}, ${cursor!.id})`))
    .orderBy('t.pinned', 'desc').orderBy('t.lastPostAt', 'desc').orderBy('t.id', 'desc')
    .limit(forumThreadPageSize + 1)
    .execute();
  return paged(rows, seesModeration(reader.role));
}

/** A page of the threads whose title or a post the reader may see matches the words, latest first (ties by the higher id), after `cursor`. */
export async function searchThreads(db: Queryable, reader: ForumReader, search: string, categoryId?: number, cursor?: ForumThreadCursor): Promise<{ threads: ForumThreadSummary[]; nextCursor: string | null }> {
  const rows = await threadQuery(db, reader, { search, categoryId })
    .$if(cursor !== undefined, (qb) => qb.where(sql<boolean>`(t.last_post_at, t.id) < (${cursor!.lastPostAt}, ${cursor!.id})`))
    .orderBy('t.lastPostAt', 'desc').orderBy('t.id', 'desc')
    .limit(forumThreadPageSize + 1)
    .execute();
  return paged(rows, seesModeration(reader.role));
}

/** A thread with its posts, or null when the reader may not see it. */
export async function readThread(db: Queryable, reader: ForumReader, threadId: number): Promise<ForumThreadPage | null> {
  const staff = seesModeration(reader.role);
  const row = await threadQuery(db, reader, { threadId }).executeTakeFirst();
  if (!row) return null;
  const posts = await queryBuilder(db)
    .selectFrom('forumPosts as p')
    .innerJoin('users as u', 'u.id', 'p.authorUserId')
    .leftJoin('users as h', 'h.id', 'p.hiddenBy')
    .select(['p.id', 'p.authorUserId', 'u.name as authorName', 'p.byStaff', 'p.body', 'p.opening', 'p.quotePostId', 'p.createdAt', 'p.editedAt', 'p.hidden', 'p.hiddenReason', 'p.hiddenAt', 'h.name as hiddenByName'])
    .where('p.threadId', '=', threadId)
    .$if(!staff, (qb) => qb.where('p.hidden', '=', false))
    .orderBy('p.id')
    .execute();
  const moderation = staff ? await readModeration(db, threadId) : [];
  return {
    thread: { ...summary(row, staff), lockReason: staff ? row.lockReason : null },
    posts: posts.map((p): ForumPost => ({
      id: p.id,
      author: { id: p.authorUserId, name: p.authorName, staff: p.byStaff },
      body: p.body,
      opening: p.opening,
      quotePostId: p.quotePostId,
      createdAt: p.createdAt,
      editedAt: p.editedAt,
      mine: p.authorUserId === reader.id,
      hidden: staff && p.hidden ? { reason: p.hiddenReason ?? '', byName: p.hiddenByName, at: p.hiddenAt ?? p.createdAt } : null,
    })),
    moderation,
  };
}

async function readModeration(db: Queryable, threadId: number): Promise<ForumModerationStep[]> {
  const rows = await queryBuilder(db)
    .selectFrom('forumModeration as m')
    .innerJoin('users as u', 'u.id', 'm.actorUserId')
    .select(['m.action', 'm.reason', 'm.postId', 'm.details', 'u.name as byName', 'm.at'])
    .where('m.threadId', '=', threadId)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ModerationStep.parse(r));
}
