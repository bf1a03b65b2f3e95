/**
 * The forum's routes. Reading is for every signed-in user, each seeing what its role may
 * (forumStore.ts): customers the visible forum, staff all of it with the moderation reasons
 * (the console's Forum screen). Customers post here (primary and secondary users alike, the
 * help page's "take part in forum threads"); staff post and moderate through pushed mutations
 * (forumCommands.ts).
 */
import { z } from 'zod';
import { decodeForumCursor, EditForumPost, ForumCategoryList, ForumPosted, ForumSearchQuery, ForumThreadList, ForumThreadPage, ForumThreadsQuery, NewForumReply, NewForumThread } from '../../shared/forum/forum';
import { defineRoute, type RouteSpec } from '../http/routes';
import { notFound } from '../http/errors';
import type { ServerContext } from '../serverContext';
import { forumSettings } from './forumSettings';
import { readCategories, readCategory, readThread, readThreads, searchThreads } from './forumStore';
import { editPost, reply, startThread, type FieldOf } from './forumWrites';

const tag = 'Forum';
const customers = ['customer.primary', 'customer.secondary'] as const;
const staffRefusal = 'staff post and moderate from the console (forum mutations through /api/sync/push), where their answers are marked as staff answers';
const refusals = { 'staff.dispatcher': staffRefusal, 'staff.engineer': staffRefusal, 'staff.billing': staffRefusal, 'staff.admin': staffRefusal };
const id = z.coerce.number().int().positive();
/** Inputs in the URL are `params.*`, the rest `body.*`. */
const fieldOf = (inUrl: string[]): FieldOf => (name) => (inUrl.includes(name) ? `params.${name}` : `body.${name}`);
/** The query's cursor, checked already by its schema (a bad one is a 400 naming `query.cursor`). */
const cursorOf = (text: string | undefined) => (text === undefined ? undefined : (decodeForumCursor(text) ?? undefined));

export function forumRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/forum/categories', tag, access: 'signedIn', summary: 'List the forum categories and the posting limit',
      response: ForumCategoryList,
      handler: async ({ user }) => ({ categories: await readCategories(ctx.db, user), settings: await forumSettings(ctx.db) }),
    }),
    defineRoute<undefined, z.infer<typeof ForumThreadsQuery>, { categoryId: number }>({
      method: 'GET', url: '/api/forum/categories/:categoryId/threads', tag, access: 'signedIn', summary: 'List a forum category\'s threads, pinned first, then by the latest post, a page at a time (`cursor`: the nextCursor of the page before)',
      params: z.strictObject({ categoryId: id }), query: ForumThreadsQuery, response: ForumThreadList,
      handler: async ({ user, params, query }) => {
        const category = await readCategory(ctx.db, user, params.categoryId);
        if (!category) throw notFound(`forum category ${params.categoryId}`);
        return { category, ...(await readThreads(ctx.db, user, category.id, cursorOf(query.cursor))) };
      },
    }),
    defineRoute<undefined, z.infer<typeof ForumSearchQuery>>({
      method: 'GET', url: '/api/forum/search', tag, access: 'signedIn', summary: 'Search forum threads by their titles and posts, latest first, a page at a time (`cursor`: the nextCursor of the page before)',
      query: ForumSearchQuery, response: ForumThreadList,
      handler: async ({ user, query }) => ({ category: null, ...(await searchThreads(ctx.db, user, query.q, query.categoryId, cursorOf(query.cursor))) }),
    }),
    defineRoute<undefined, undefined, { threadId: number }>({
      method: 'GET', url: '/api/forum/threads/:threadId', tag, access: 'signedIn', summary: 'Read a forum thread with its posts',
      params: z.strictObject({ threadId: id }), response: ForumThreadPage,
      handler: async ({ user, params }) => {
        const page = await readThread(ctx.db, user, params.threadId);
        if (!page) throw notFound(`forum thread ${params.threadId}`);
        return page;
      },
    }),
    defineRoute<NewForumThread>({
      method: 'POST', url: '/api/forum/threads', tag, access: customers, refusals, summary: 'Start a forum thread',
      body: NewForumThread, response: ForumPosted,
      handler: async ({ user, body }) => {
        const now = ctx.clock.now();
        return ctx.db.transaction(async (tx) => startThread(tx, user, body, await forumSettings(tx), now, fieldOf([])));
      },
    }),
    defineRoute<NewForumReply, undefined, { threadId: number }>({
      method: 'POST', url: '/api/forum/threads/:threadId/posts', tag, access: customers, refusals, summary: 'Reply in a forum thread',
      params: z.strictObject({ threadId: id }), body: NewForumReply, response: ForumPosted,
      handler: async ({ user, params, body }) => {
        const now = ctx.clock.now();
        return ctx.db.transaction(async (tx) => reply(tx, user, { ...body, threadId: params.threadId }, await forumSettings(tx), now, fieldOf(['threadId'])));
      },
    }),
    defineRoute<z.infer<typeof EditForumPost>, undefined, { postId: number }>({
      method: 'PATCH', url: '/api/forum/posts/:postId', tag, access: customers, refusals, summary: 'Change the text of one\'s own forum post',
      params: z.strictObject({ postId: id }), body: EditForumPost, response: ForumPosted,
      handler: async ({ user, params, body }) => ctx.db.transaction((tx) => editPost(tx, user, params.postId, body.body, ctx.clock.now(), fieldOf(['postId']))),
    }),
  ];
}
