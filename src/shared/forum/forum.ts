/**
 * The forum (DOMAIN.md "Forum"): categories kept by admins, threads and replies by signed-in
 * customers (primary and secondary users alike) and staff, staff answers marked, moderation by
 * staff with the reason kept. The wire shapes the portal and the console read, the request
 * bodies, and the mutations staff push through /api/sync/push, once for the server and both UIs.
 */
import { z } from 'zod';

export const forumLimits = { title: 200, body: 20_000, categoryName: 100, categoryDescription: 500, reason: 500, search: 200 } as const;

const id = z.number().int().positive();
export const forumTitle = z.string().trim().min(1, 'must not be empty').max(forumLimits.title, `must be at most ${forumLimits.title} characters`);
export const forumBody = z.string().trim().min(1, 'must not be empty').max(forumLimits.body, `must be at most ${forumLimits.body} characters`);
/** A moderation step's reason: kept with the step and shown to staff. */
const reason = z.string().trim().min(1, 'must say why (it is kept and shown to staff)').max(forumLimits.reason, `must be at most ${forumLimits.reason} characters`);
const categoryName = z.string().trim().min(1, 'must not be empty').max(forumLimits.categoryName, `must be at most ${forumLimits.categoryName} characters`);
const categoryDescription = z.string().trim().max(forumLimits.categoryDescription, `must be at most ${forumLimits.categoryDescription} characters`);
/** The form's own key: the same form sent twice makes one post. */
const clientRef = z.string().min(8, 'must be at least 8 characters').max(64, 'must be at most 64 characters');

/** The per-user posting limit (a setting): posts (threads and replies) a customer may make per hour. */
export const ForumSettings = z.strictObject({
  postsPerHour: z.number({ error: 'must be a number of posts' }).int('must be a whole number of posts').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
});
export type ForumSettings = z.infer<typeof ForumSettings>;
export const defaultForumSettings: ForumSettings = { postsPerHour: 10 };

export const ForumCategory = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  position: z.number(),
  archived: z.boolean(),
  threadCount: z.number(),
  lastPostAt: z.number().nullable(),
});
export type ForumCategory = z.infer<typeof ForumCategory>;
export const ForumCategoryList = z.object({ categories: z.array(ForumCategory), settings: ForumSettings });
export type ForumCategoryList = z.infer<typeof ForumCategoryList>;

export const ForumAuthor = z.object({ id: z.number(), name: z.string(), staff: z.boolean() });
export type ForumAuthor = z.infer<typeof ForumAuthor>;

export const ForumThreadSummary = z.object({
  id: z.number(),
  categoryId: z.number(),
  categoryName: z.string(),
  title: z.string(),
  author: ForumAuthor,
  createdAt: z.number(),
  lastPostAt: z.number(),
  /** Replies the reader can see. */
  replyCount: z.number(),
  /** A staff member has answered in the thread. */
  staffAnswered: z.boolean(),
  pinned: z.boolean(),
  locked: z.boolean(),
  /** Staff only: the thread's opening post is hidden, so customers do not see the thread. */
  hidden: z.boolean(),
});
export type ForumThreadSummary = z.infer<typeof ForumThreadSummary>;
/** Threads and search results per page. */
export const forumThreadPageSize = 100;

/**
 * Where a page of threads ends, for the next: the last thread's place in the list's order
 * (pinned first, then the latest post, then the higher id, so ties stay put), as
 * `<pinned 0|1>.<lastPostAt>.<id>`. Search results, latest first, ignore the pinned part.
 */
export interface ForumThreadCursor {
  pinned: boolean;
  lastPostAt: number;
  id: number;
}
export const encodeForumCursor = (t: ForumThreadCursor): string => `${t.pinned ? 1 : 0}.${t.lastPostAt}.${t.id}`;
/** The cursor a list gave, or null for anything else. */
export function decodeForumCursor(text: string): ForumThreadCursor | null {
  const m = /^([01])\.(\d{1,15})\.(\d{1,15})$/.exec(text);
  if (!m) return null;
  const id = Number(m[3]);
  return id > 0 ? { pinned: m[1] === '1', lastPostAt: Number(m[2]), id } : null;
}
/** `cursor` of a thread list's query: the `nextCursor` an earlier page gave. */
export const ForumCursor = z.string().max(40, 'is not a cursor this list gave').refine((t) => decodeForumCursor(t) !== null, 'is not a cursor this list gave (use the nextCursor of the page before)');
export const ForumThreadsQuery = z.strictObject({ cursor: ForumCursor.optional() });

export const ForumThreadList = z.object({
  threads: z.array(ForumThreadSummary),
  category: ForumCategory.nullable(),
  /** The next page's `cursor`, or null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ForumThreadList = z.infer<typeof ForumThreadList>;

/** Shown to staff only: who hid a post, when and why. */
export const ForumHiding = z.object({ reason: z.string(), byName: z.string().nullable(), at: z.number() });

export const ForumPost = z.object({
  id: z.number(),
  author: ForumAuthor,
  body: z.string(),
  opening: z.boolean(),
  quotePostId: z.number().nullable(),
  createdAt: z.number(),
  editedAt: z.number().nullable(),
  /** The reader wrote it (may edit it while the thread is open). */
  mine: z.boolean(),
  /** Staff readers only: set when the post is hidden from customers. */
  hidden: ForumHiding.nullable(),
});
export type ForumPost = z.infer<typeof ForumPost>;

export const moderationActions = ['hide', 'show', 'lock', 'unlock', 'move', 'pin', 'unpin'] as const;
export const ForumModerationStep = z.object({
  action: z.enum(moderationActions),
  reason: z.string(),
  postId: z.number().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  byName: z.string(),
  at: z.number(),
});
export type ForumModerationStep = z.infer<typeof ForumModerationStep>;

export const ForumThreadPage = z.object({
  thread: ForumThreadSummary.extend({
    /** Staff readers only: why the thread was locked. */
    lockReason: z.string().nullable(),
  }),
  posts: z.array(ForumPost),
  /** Staff readers only (empty for customers): every moderation step with its reason, oldest first. */
  moderation: z.array(ForumModerationStep),
});
export type ForumThreadPage = z.infer<typeof ForumThreadPage>;

export const ForumSearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(forumLimits.search, `must be at most ${forumLimits.search} characters`),
  categoryId: z.coerce.number().int().positive().optional(),
  cursor: ForumCursor.optional(),
});

/** A customer's new thread (portal). */
export const NewForumThread = z.strictObject({ categoryId: id, title: forumTitle, body: forumBody, clientRef: clientRef.optional() });
export type NewForumThread = z.infer<typeof NewForumThread>;
/** A reply; `quotePostId` names the post of the same thread it answers. */
export const NewForumReply = z.strictObject({ body: forumBody, quotePostId: id.optional(), clientRef: clientRef.optional() });
export type NewForumReply = z.infer<typeof NewForumReply>;
export const EditForumPost = z.strictObject({ body: forumBody });
export const ForumPosted = z.object({ threadId: z.number(), postId: z.number(), created: z.boolean() });
export type ForumPosted = z.infer<typeof ForumPosted>;

/** The forum mutations staff push: categories and the posting limit (admins), posts and moderation (every staff role). */
export const forumMutationArgs = {
  'forumCategory.create': z.strictObject({ name: categoryName, description: categoryDescription.optional(), position: z.number().int().min(0).max(10_000).optional() }),
  'forumCategory.update': z
    .strictObject({ categoryId: id, name: categoryName.optional(), description: categoryDescription.optional(), position: z.number().int().min(0).max(10_000).optional() })
    .refine((a) => a.name !== undefined || a.description !== undefined || a.position !== undefined, { message: 'must change at least one of name, description, position', path: ['name'] }),
  /** Archive (gone from the customers' forum, no new threads) or bring back. */
  'forumCategory.setArchived': z.strictObject({ categoryId: id, archived: z.boolean() }),
  'forum.setSettings': ForumSettings,
  'forum.startThread': z.strictObject({ categoryId: id, title: forumTitle, body: forumBody, clientRef: clientRef.optional() }),
  'forum.reply': z.strictObject({ threadId: id, body: forumBody, quotePostId: id.optional(), clientRef: clientRef.optional() }),
  /** Hide a post from customers (the opening post hides the whole thread), or show it again. */
  'forum.setPostHidden': z.strictObject({ postId: id, hidden: z.boolean(), reason }),
  'forum.setLocked': z.strictObject({ threadId: id, locked: z.boolean(), reason }),
  'forum.setPinned': z.strictObject({ threadId: id, pinned: z.boolean(), reason }),
  'forum.move': z.strictObject({ threadId: id, categoryId: id, reason }),
} as const;
