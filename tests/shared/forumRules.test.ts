/** The forum's shared rules: who sees what, who may reply under a lock, and the posting limit's arithmetic. */
import { describe, expect, it } from 'vitest';
import { categoryRefusal, hourMs, postingLimitRefusal, replyRefusal, visiblePost, visibleThread } from '../../src/shared/forum/forumRules';

describe('forum rules', () => {
  it('customers never see hidden posts, hidden threads or archived categories; staff see all', () => {
    for (const role of ['customer.primary', 'customer.secondary'] as const) {
      expect(visiblePost(role, { hidden: true })).toBe(false);
      expect(visibleThread(role, { hidden: true, categoryArchived: false })).toBe(false);
      expect(visibleThread(role, { hidden: false, categoryArchived: true })).toBe(false);
      expect(visibleThread(role, { hidden: false, categoryArchived: false })).toBe(true);
    }
    for (const role of ['staff.dispatcher', 'staff.engineer', 'staff.billing', 'staff.admin'] as const) {
      expect(visiblePost(role, { hidden: true })).toBe(true);
      expect(visibleThread(role, { hidden: true, categoryArchived: true })).toBe(true);
    }
  });

  it('a locked thread refuses customers with 409 naming why; staff may still answer', () => {
    expect(replyRefusal('customer.secondary', { id: 7, locked: true })).toMatchObject({ status: 409, code: 'thread_locked', field: 'threadId', reason: expect.stringContaining('thread 7 is locked') });
    expect(replyRefusal('customer.primary', { id: 7, locked: false })).toBeNull();
    expect(replyRefusal('staff.engineer', { id: 7, locked: true })).toBeNull();
  });

  it('a new thread needs a category that exists and is not archived', () => {
    expect(categoryRefusal(null, 9)).toMatchObject({ status: 400, code: 'unknown_category', field: 'categoryId' });
    expect(categoryRefusal({ archived: true }, 9)).toMatchObject({ status: 400, code: 'category_archived' });
    expect(categoryRefusal({ archived: false }, 9)).toBeNull();
  });

  it('the posting limit counts the last hour and says when the next post is possible', () => {
    const now = 10 * hourMs;
    const settings = { postsPerHour: 3 };
    expect(postingLimitRefusal('customer.primary', [now - 50_000, now - 40_000], settings, now)).toBeNull();
    const refused = postingLimitRefusal('customer.primary', [now - 30 * 60_000, now - 20 * 60_000, now - 60_000], settings, now);
    expect(refused).toMatchObject({ status: 429, code: 'posting_limit' });
    // The oldest of the last three posts leaves the window in 30 minutes.
    expect(refused!.reason).toBe('posting limit reached: at most 3 forum posts per hour; you can post again in 30 minutes');
    expect(postingLimitRefusal('customer.primary', [now - 1000], { postsPerHour: 1 }, now)!.reason).toContain('at most 1 forum post per hour');
    expect(postingLimitRefusal('staff.admin', Array.from({ length: 50 }, (_, i) => now - i), settings, now)).toBeNull();
  });
});
