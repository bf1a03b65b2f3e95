/**
 * Runs a failed background task (a pull, a push) again after a backoff delay. The live stream
 * only pokes when the server commits, and a push only starts on a local action or a
 * reconnect: without this, a pull whose request failed while the stream stayed open (a
 * keep-alive socket the server had just closed, a proxy's 502) left the cache behind until
 * the next change on the server, and a failed push left replies waiting for the next one.
 */
import { backoffDelay, type BackoffPolicy } from '../../shared/async/backoff';

export class RetryTimer {
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly retry: () => void,
    private readonly backoff: BackoffPolicy,
  ) {}

  /** The task failed: run it again after the next delay (one retry pending at a time). */
  failed(): void {
    if (this.timer) return;
    const delay = backoffDelay(this.failures, this.backoff);
    this.failures += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retry();
    }, delay);
    // A pending retry never keeps the process alive on its own.
    this.timer.unref();
  }

  /** The task succeeded (or the engine stopped): no retry pending, and the delays start over. */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.failures = 0;
  }
}
