/**
 * Failed sign-ins are counted per address and per email in a sliding window; past the limit
 * the login answers 429 until the window moves on. In memory per process: with several
 * processes an attacker gets at most limit × processes tries, which is still slow.
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key, now);
      if (times.length >= this.limit) wait = Math.max(wait, times[0]! + this.windowMs - now);
    }
    return wait;
  }

  fail(keys: string[], now: number): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** Takes back one attempt counted at `at` (counted up front, then the password was right). */
  retract(keys: string[], at: number): void {
    for (const key of keys) {
      const times = this.failures.get(key);
      const i = times?.lastIndexOf(at) ?? -1;
      if (i >= 0) times!.splice(i, 1);
      if (times && times.length === 0) this.failures.delete(key);
    }
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
