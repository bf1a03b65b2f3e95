/**
 * Exponential backoff, the one rule for every retry: the live stream, pulls and pushes,
 * uploads, outgoing email, the renderer's socket to the console host.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Before retry number `attempt` (0 for the first): baseMs, doubling each time, at most maxMs. */
export function exponentialBackoff(attempt: number, b: Backoff): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
}

export interface BackoffPolicy extends Backoff {
  random: () => number;
}

/**
 * Full jitter: uniformly between 0 and the exponential delay (at least a few ms), so clients
 * that lost the server together do not return in lockstep.
 */
export function backoffDelay(attempt: number, p: BackoffPolicy): number {
  return Math.max(10, Math.round(p.random() * exponentialBackoff(attempt, p)));
}
