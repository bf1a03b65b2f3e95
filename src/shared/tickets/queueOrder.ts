/**
 * Priority, account standing and queue order (DOMAIN.md "Priority, HotRush and queue order").
 * The standing rule keeps an account that marks everything Major at Normal on average.
 */
import type { Priority } from '../domain/model';

export const basePriorityScore: Record<Priority, number> = { major: 3, normal: 2, minor: 1 };

/** How far back the standing rule looks, and how many tickets it needs before it applies. */
export const standingWindowMs = 90 * 86_400_000;
export const standingMinTickets = 5;

export interface Standing {
  majorShare: number;
  minorShare: number;
  /** minorShare - majorShare, or 0 when the account has too few recent tickets. */
  adjustment: number;
}

/** Standing from the priorities of the account's non-log tickets of the last 90 days. */
export function accountStanding(recentPriorities: readonly Priority[]): Standing {
  const n = recentPriorities.length;
  if (n < standingMinTickets) return { majorShare: 0, minorShare: 0, adjustment: 0 };
  const majorShare = recentPriorities.filter((p) => p === 'major').length / n;
  const minorShare = recentPriorities.filter((p) => p === 'minor').length / n;
  return { majorShare, minorShare, adjustment: minorShare - majorShare };
}

export function effectiveScore(priority: Priority, standing: Pick<Standing, 'adjustment'>): number {
  return basePriorityScore[priority] + standing.adjustment;
}

/**
 * effectiveScore as SQL, for the statements that score tickets in place: a CASE over
 * `priority` built from basePriorityScore, plus `adjustment`. The operands are the caller's
 * own expressions (a column, a bound parameter) and the text between them is made by `text`,
 * so the caller joins the parts in order into one expression of its SQL builder and no value
 * is ever written into the text.
 */
export function effectiveScoreSql<E>(priority: E, adjustment: E, text: (sql: string) => E): E[] {
  const cases = Object.entries(basePriorityScore).map(([p, score]) => `WHEN '${p}' THEN ${score}`);
  return [text('(CASE '), priority, text(` ${cases.join(' ')} END + `), adjustment, text(')')];
}

export interface QueueItem {
  hotRush: boolean;
  score: number;
  dueAt: number | null;
  number: number;
}

/** Queue order: HotRush first, then effective score (high first), then due time (soonest, none last), then number. */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  if (a.hotRush !== b.hotRush) return a.hotRush ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  const ad = a.dueAt ?? Number.POSITIVE_INFINITY;
  const bd = b.dueAt ?? Number.POSITIVE_INFINITY;
  if (ad !== bd) return ad < bd ? -1 : 1;
  return a.number - b.number;
}
