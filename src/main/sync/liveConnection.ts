/**
 * Keeps the Server-Sent Events stream open: reconnects after any failure with exponential
 * backoff and full jitter (so consoles that lost the server together do not return in
 * lockstep), and treats a stream that stays silent past the server's heartbeat as dead.
 * Being disconnected is a normal state, reported through onState, never thrown.
 */
import { backoffDelay, type BackoffPolicy } from '../../shared/async/backoff';
import { readSse, type SseMessage } from './sseReader';

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000, random: Math.random };

export type LiveState = 'connecting' | 'open' | 'closed';

export interface LiveConnectionOptions {
  open(signal: AbortSignal): Promise<Response>;
  onMessage(m: SseMessage): void;
  onState(state: LiveState, error?: unknown): void;
  backoff?: BackoffPolicy;
  /** No bytes (not even the server's 15 s heartbeat) for this long: reconnect. */
  idleTimeoutMs?: number;
}

export class LiveConnection {
  private stopped = true;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: LiveConnectionOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Skips the current backoff wait (the network came back, the user asked to retry). */
  retryNow(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    const backoff = this.opts.backoff ?? defaultBackoff;
    const idleMs = this.opts.idleTimeoutMs ?? 45_000;
    let attempt = 0;
    while (!this.stopped) {
      const abort = new AbortController();
      this.abort = abort;
      let watchdog: NodeJS.Timeout | undefined;
      const rearm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => abort.abort(new Error(`no event or heartbeat for ${idleMs} ms`)), idleMs);
      };
      let error: unknown;
      try {
        this.opts.onState('connecting');
        const res = await this.opts.open(abort.signal);
        if (!res.body) throw new Error('the event stream has no body');
        attempt = 0;
        this.opts.onState('open');
        rearm();
        await readSse(res.body, (m) => this.opts.onMessage(m), rearm, abort.signal);
        // A cancelled read ends like a closed stream: the abort's reason says which it was.
        if (abort.signal.aborted) throw abort.signal.reason;
        error = new Error('the server closed the event stream');
      } catch (err) {
        error = abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason : err;
      } finally {
        clearTimeout(watchdog);
      }
      if (this.stopped) break;
      this.opts.onState('closed', error);
      await this.sleep(backoffDelay(attempt, backoff));
      attempt += 1;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
