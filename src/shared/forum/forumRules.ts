/**
 * The forum's rules, decided by the server and shown by both UIs: who sees what (customers
 * never see hidden posts, hidden threads or archived categories; staff see all of it with the
 * reasons), who may reply to a locked thread (staff only), and the per-user posting limit.
 */
import { isStaff, type Role } from '../domain/model';
import type { ForumSettings } from './forum';

export const hourMs = 3_600_000;

/** A refusal with its HTTP status, stable code and sentence. */
export interface ForumRefusal {
  status: 400 | 404 | 409 | 429;
  code: string;
  /** The input it is about, by its name (threadId, categoryId); each entry point says where that name lives. */
  field?: string;
  reason: string;
}

/** Staff read the whole forum: hidden posts and threads, archived categories, every reason. */
export const seesModeration = (role: Role): boolean => isStaff(role);

export const visibleThread = (role: Role, t: { hidden: boolean; categoryArchived: boolean }): boolean => seesModeration(role) || (!t.hidden && !t.categoryArchived);
export const visiblePost = (role: Role, p: { hidden: boolean }): boolean => seesModeration(role) || !p.hidden;

/**
 * A reply to a locked thread is refused for customers, naming why; staff may still answer
 * (a last word under a lock, say where the answer lives).
 */
export function replyRefusal(role: Role, t: { id: number; locked: boolean }): ForumRefusal | null {
  if (t.locked && !isStaff(role)) return { status: 409, code: 'thread_locked', field: 'threadId', reason: `thread ${t.id} is locked by the moderators: it takes no more replies` };
  return null;
}

/** A new thread needs a category customers can see. */
export function categoryRefusal(c: { archived: boolean } | null, categoryId: number): ForumRefusal | null {
  if (!c) return { status: 400, code: 'unknown_category', field: 'categoryId', reason: `there is no forum category ${categoryId}` };
  if (c.archived) return { status: 400, code: 'category_archived', field: 'categoryId', reason: `forum category ${categoryId} is archived and takes no new threads` };
  return null;
}

/**
 * The per-user posting limit: customers may make at most `postsPerHour` posts (threads and
 * replies) in any hour. `recent` are the user's post times of the last hour, oldest first.
 * Staff are not limited: answering is their work.
 */
export function postingLimitRefusal(role: Role, recent: readonly number[], settings: ForumSettings, now: number): ForumRefusal | null {
  if (isStaff(role) || recent.length < settings.postsPerHour) return null;
  const nextAt = recent[recent.length - settings.postsPerHour]! + hourMs;
  const minutes = Math.max(1, Math.ceil((nextAt - now) / 60_000));
  return {
    status: 429,
    code: 'posting_limit',
    reason: `posting limit reached: at most ${settings.postsPerHour} forum post${settings.postsPerHour === 1 ? '' : 's'} per hour; you can post again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  };
}
