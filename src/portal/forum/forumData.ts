/** The forum's reads and the words shared by its pages. */
import { api } from '../api/portalClient';
import type { ForumCategoryList, ForumThreadList, ForumThreadPage } from '../../shared/forum/forum';

/** Query keys: everything of the forum starts with 'forum'. */
export const forumKeys = {
  all: ['forum'] as const,
  categories: ['forum', 'categories'] as const,
  category: (id: number) => ['forum', 'category', id] as const,
  search: (q: string) => ['forum', 'search', q] as const,
  thread: (id: number) => ['forum', 'thread', id] as const,
};

export const readCategories = () => api<ForumCategoryList>('GET', '/api/forum/categories');
const after = (cursor: string | undefined) => (cursor === undefined ? '' : `cursor=${encodeURIComponent(cursor)}`);
/** A page of a category's threads, after `cursor` (the page before's nextCursor). */
export const readCategoryThreads = (id: number, cursor?: string) => api<ForumThreadList>('GET', `/api/forum/categories/${id}/threads${cursor === undefined ? '' : `?${after(cursor)}`}`);
/** A page of search results, after `cursor`. */
export const searchThreads = (q: string, cursor?: string) => api<ForumThreadList>('GET', `/api/forum/search?q=${encodeURIComponent(q)}${cursor === undefined ? '' : `&${after(cursor)}`}`);
/** The infinite query's paging of a thread list: the first page has no cursor, the last none next. */
export const threadPaging = { initialPageParam: undefined as string | undefined, getNextPageParam: (last: ForumThreadList) => last.nextCursor ?? undefined };
export const readThread = (id: number) => api<ForumThreadPage>('GET', `/api/forum/threads/${id}`);

/** A key for one form, so sending it twice (a double click, a retry) makes one post. */
export const newClientRef = (): string => `portal-${crypto.randomUUID()}`;

export const replyWord = (n: number): string => `${n} ${n === 1 ? 'reply' : 'replies'}`;
