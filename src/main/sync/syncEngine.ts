/**
 * The console's sync engine (SYNC.md "Console side"): bootstraps the cache, keeps it live
 * over SSE pokes and pulls, and delivers local actions through the outbox. Network trouble is
 * a state (offline), not a failure: local actions keep working and are delivered on reconnect.
 */
import { randomBytes } from 'node:crypto';
import { LifecycleSettingsBody } from '../../shared/api/adminSettings';
import { defaultLifecycleSettings, Role, type LifecycleSettings } from '../../shared/domain/model';
import { assertNever } from '../../shared/assertNever';
import type { BackoffPolicy } from '../../shared/async/backoff';
import { CoalescingTask } from '../../shared/async/coalescingTask';
import { isNetworkFailure } from '../../shared/networkFailure';
import { parseStreamEvent, StaffStreamEvent } from '../../shared/sync/streamEvents';
import { bootstrapPageRows, parseCursor, syncEntities, type MutationArgs, type MutationName, type PresenceEvent, type TicketNotification } from '../../shared/sync/protocol';
import type { Cache } from '../cache/cacheDatabase';
import { mirrorSchemaVersion } from '../cache/migrations';
import { readRow } from '../cache/mirrorRows';
import { cancelHeldMutation, nextHoldEnd, outboxCounts, type OutboxCounts } from '../cache/outbox';
import { holdsForUndo } from '../../shared/sync/undoWindow';
import { readSyncState, updateSyncState } from '../cache/syncState';
import { applyChangesPage, type ChangedRows } from './applyChanges';
import { loadBootstrap, progressOf, startFreshBootstrap, type BootstrapProgress } from './bootstrapLoader';
import { EventHub } from './eventHub';
import { defaultBackoff, LiveConnection } from './liveConnection';
import { ticketIdOf, writeLocalAction } from './localAction';
import { pushOutbox, type RejectedMutation } from './outboxPush';
import { rebase, type RebaseContext } from './rebase';
import { RetryTimer } from './retryTimer';
import { SyncApi, SyncHttpError, type FetchImpl } from './syncApi';
import { billingEntities } from '../billing/billingEffects';

export { LocalRefusal } from './localAction';
export type { RejectedMutation } from './outboxPush';

export interface Clock {
  now(): number;
}

export interface SyncEngineOptions {
  cache: Cache;
  serverUrl: string;
  token: string;
  fetch?: FetchImpl;
  clock?: Clock;
  /** Life-cycle settings to start with, until the server's are read (defaults: DOMAIN.md's). */
  settings?: LifecycleSettings;
  bootstrapPageSize?: number;
  changesPageSize?: number;
  /** Mutations per push request (the server takes up to 500). */
  pushBatchSize?: number;
  /** Delays between reconnects of the live stream, and between retries of a failed pull or push. */
  backoff?: BackoffPolicy;
  liveIdleTimeoutMs?: number;
  /** How long an undoable action waits in the outbox before it is pushed (shared/sync/undoWindow.ts); 0 (the default here): no undo. The app passes 5 s. */
  undoWindowMs?: number;
}

/** What a local action answers: its outbox id, a reply's clientRef, and the undo window of an undoable one. */
export interface PerformedAction {
  mutationId: number;
  clientRef?: string;
  undo?: { key: string; until: number };
}

export interface SyncStatus {
  online: boolean;
  bootstrapping: boolean;
  pulling: boolean;
  pushing: boolean;
  progress: BootstrapProgress | null;
  outbox: OutboxCounts;
  lastError: string | null;
}

export interface SyncEvents {
  status: SyncStatus;
  progress: BootstrapProgress;
  changed: ChangedRows;
  rejected: RejectedMutation;
  presence: PresenceEvent;
  /** A ticket the server calls out (breached, HotRush); its rows arrive through a pull as usual. */
  notification: TicketNotification;
  /** Mail was held or a held mail decided on the server (no synced row changes): the held-mail list is stale. */
  heldMail: Record<string, never>;
  /** The server's life-cycle settings changed (read at start and on each pull). */
  settings: LifecycleSettings;
  /**
   * The server ended this session (a 401, or the live stream's `signed-out`): deactivated by an
   * admin, or signed out elsewhere or expired. Told once; the session's owner closes the engine.
   */
  signedOut: { reason: 'deactivated' | 'ended' };
}

/** The cache was filled for another user; its rows and outbox must not be shown or sent as this one. */
export class CacheOwnedByAnotherUserError extends Error {
  constructor(cachedUserId: number, userId: number) {
    super(`this cache belongs to user ${cachedUserId}, but the session is user ${userId}; open that user's own cache file`);
    this.name = 'CacheOwnedByAnotherUserError';
  }
}

export class SyncEngine {
  readonly api: SyncApi;
  private readonly cache: Cache;
  private readonly clock: Clock;
  /** The server's life-cycle settings as last read, for optimistic clocks and charges. */
  private settings: LifecycleSettings;
  /** The settings as stored in the cache (JSON), to write them only when they change. */
  private savedSettings: string | null;
  private readonly events = new EventHub<SyncEvents>();
  private readonly pullTask = new CoalescingTask(() => this.retryingOnFailure(this.pullRetry, () => this.exclusive(() => this.pullToHead())));
  private readonly pushTask = new CoalescingTask(() => this.retryingOnFailure(this.pushRetry, () => this.pushAll()));
  private readonly pullRetry: RetryTimer;
  private readonly pushRetry: RetryTimer;
  private readonly live: LiveConnection;
  private user: { id: number; role: Role } | null = null;
  private pushScheduled = false;
  /** Wakes the push when the soonest undo window ends. */
  private releaseTimer: NodeJS.Timeout | null = null;
  private outboxCountScheduled = false;
  private liveStarted = false;
  private signedOut = false;
  private abort = new AbortController();
  private current: SyncStatus;
  /** Bootstraps and pulls write the mirrored rows; they take turns on this chain. */
  private lane: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: SyncEngineOptions) {
    this.cache = opts.cache;
    this.clock = opts.clock ?? { now: () => Date.now() };
    this.api = new SyncApi({ serverUrl: opts.serverUrl, token: opts.token, fetch: opts.fetch ?? fetch });
    const state = readSyncState(this.cache.reader);
    // The settings last read from the server, so a console starting offline keeps the server's
    // turnaround targets and surcharge instead of falling back to the defaults.
    const saved = LifecycleSettingsBody.safeParse(state.lifecycleSettings);
    this.savedSettings = saved.success ? JSON.stringify(saved.data) : null;
    this.settings = opts.settings ?? (saved.success ? saved.data : defaultLifecycleSettings);
    this.current = {
      online: false, bootstrapping: false, pulling: false, pushing: false,
      progress: state.bootstrapPhase === 'running' ? progressOf(state.bootstrapProgress) : null,
      outbox: outboxCounts(this.cache.reader),
      lastError: null,
    };
    const backoff = opts.backoff ?? defaultBackoff;
    this.pullRetry = new RetryTimer(() => void this.pull().catch(() => undefined), backoff);
    this.pushRetry = new RetryTimer(() => void this.push().catch(() => undefined), backoff);
    this.live = new LiveConnection({
      open: (signal) => this.api.events(signal),
      onMessage: (m) => this.onLiveMessage(m.event, m.data),
      onState: (state, error) => {
        if (state === 'open') {
          this.setStatus({ online: true, lastError: null });
          void this.syncNow();
        } else if (state === 'closed') {
          this.setStatus({ online: false, lastError: errorText(error) });
          if (isUnauthorized(error)) this.endSession(endReason(error));
        }
      },
      backoff: opts.backoff,
      idleTimeoutMs: opts.liveIdleTimeoutMs,
    });
  }

  on<K extends keyof SyncEvents>(event: K, listener: (value: SyncEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  get status(): SyncStatus {
    return this.current;
  }

  get lifecycleSettings(): LifecycleSettings {
    return this.settings;
  }

  /** Takes the server's settings (read by the engine, or just saved by an admin); tells listeners when they differ. */
  adoptSettings(settings: LifecycleSettings): void {
    const text = JSON.stringify(settings);
    if (text !== this.savedSettings) {
      updateSyncState(this.cache.writer, { lifecycleSettings: settings });
      this.savedSettings = text;
    }
    if (text === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.events.emit('settings', settings);
  }

  /** Reads the server's settings; they are small, so every sign-in and pull asks again. */
  private async refreshSettings(): Promise<void> {
    try {
      this.adoptSettings(await this.api.lifecycleSettings(this.abort.signal));
    } catch (err) {
      // A server from before /api/sync/settings: keep what we have rather than stop syncing.
      if (err instanceof SyncHttpError && err.status === 404) return;
      throw err;
    }
  }

  get clientId(): string {
    return readSyncState(this.cache.reader).clientId;
  }

  /** Signs the cache to this session's user (refusing another user's cache), bootstraps if needed, goes live. */
  async start(): Promise<void> {
    try {
      await this.identify();
      const state = readSyncState(this.cache.reader);
      if (state.bootstrapPhase === 'done' && state.schemaVersion < mirrorSchemaVersion) await this.bootstrap({ fresh: true });
      else if (state.bootstrapPhase !== 'done') await this.bootstrap();
    } catch (err) {
      if (!isNetworkFailure(err)) throw err;
      // Offline at start: work from the cache; the live connection retries.
      this.setStatus({ online: false, lastError: errorText(err) });
    }
    this.liveStarted = true;
    this.live.start();
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('the sync engine stopped'));
    this.liveStarted = false;
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    this.pullRetry.reset();
    this.pushRetry.reset();
    await this.live.stop();
    await this.whenIdle();
    this.abort = new AbortController();
  }

  /** Settles once no push or pull is scheduled or running (for shutdown and tests). */
  async whenIdle(): Promise<void> {
    while (this.pushScheduled || this.outboxCountScheduled || this.pushTask.busy || this.pullTask.busy) {
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([this.pushTask.idle(), this.pullTask.idle()]);
    }
  }

  setToken(token: string): void {
    this.api.setToken(token);
  }

  /** Asks the server who we are and binds the cache to that user. */
  async identify(): Promise<{ id: number; role: Role }> {
    const [me] = await this.track(() => Promise.all([this.api.session(), this.refreshSettings()]));
    const state = readSyncState(this.cache.writer);
    if (state.userId !== null && state.userId !== me.id) throw new CacheOwnedByAnotherUserError(state.userId, me.id);
    if (state.userId === null) updateSyncState(this.cache.writer, { userId: me.id });
    this.user = { id: me.id, role: me.role };
    return this.user;
  }

  /** The signed-in user, from memory or, offline, from the cache. */
  private identity(): { id: number; role: Role } {
    if (this.user) return this.user;
    const { userId } = readSyncState(this.cache.reader);
    const role = userId === null ? null : Role.safeParse(readRow(this.cache.reader, 'user', userId)?.role);
    if (userId === null || !role?.success) throw new Error('the sync engine does not know its user yet: call start() or identify() online first');
    this.user = { id: userId, role: role.data };
    return this.user;
  }

  /**
   * The user from memory or the cache, else from the server: a first start that was offline, or
   * a cache that knows its user's id but not the user's row yet (a first bootstrap cut short,
   * then a start while the server was unreachable; found by the fault harness).
   */
  private async knownUser(): Promise<{ id: number; role: Role }> {
    if (this.user) return this.user;
    const { userId } = readSyncState(this.cache.reader);
    return userId === null || !readRow(this.cache.reader, 'user', userId) ? this.identify() : this.identity();
  }

  private rebaseContext(): RebaseContext {
    return { userId: this.identity().id, settings: this.settings };
  }

  /** Runs or resumes a bootstrap to the end (fresh: drop the mirrored rows first, keep the outbox). */
  async bootstrap(opts: { fresh?: boolean } = {}): Promise<void> {
    if (!this.user) await this.identify();
    await this.exclusive(async () => {
      if (opts.fresh) startFreshBootstrap(this.cache);
      await this.runBootstrap();
    });
  }

  /**
   * Runs a pull or push; when it fails while the engine is live, a retry is scheduled (see
   * RetryTimer). Before start() and after stop(), a failure is only the caller's to see.
   */
  private async retryingOnFailure(retry: RetryTimer, task: () => Promise<void>): Promise<void> {
    try {
      await task();
      retry.reset();
    } catch (err) {
      if (this.liveStarted) retry.failed();
      throw err;
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lane.then(fn, fn);
    this.lane = run.catch(() => undefined);
    return run;
  }

  private async runBootstrap(): Promise<void> {
    this.setStatus({ bootstrapping: true });
    try {
      await this.track(() =>
        loadBootstrap({
          cache: this.cache,
          api: this.api,
          pageSize: this.opts.bootstrapPageSize ?? bootstrapPageRows.default,
          signal: this.abort.signal,
          onProgress: (p) => {
            this.setStatus({ progress: p });
            this.events.emit('progress', p);
          },
          reapplyPendingMutations: () => rebase(this.cache.writer, this.rebaseContext(), () => undefined),
        }),
      );
      // Everything may have changed: listeners refetch whatever they show.
      this.events.emit('changed', { entities: [...syncEntities], ticketIds: [] });
    } finally {
      this.setStatus({ bootstrapping: false, progress: null });
    }
  }

  /** Pulls changes until the cache is at the server's head (bootstrapping first if needed). */
  pull(): Promise<void> {
    return this.pullTask.run();
  }

  private async pullToHead(): Promise<void> {
    this.setStatus({ pulling: true });
    try {
      // A changed turnaround target or surcharge travels in no change row: read it with each pull.
      await Promise.all([this.knownUser(), this.track(() => this.refreshSettings())]);
      if (readSyncState(this.cache.reader).bootstrapPhase !== 'done') await this.runBootstrap();
      const w = this.cache.writer;
      const generation = readSyncState(w).pullGeneration + 1;
      updateSyncState(w, { pullGeneration: generation });
      let rebootstrapped = false;
      for (;;) {
        const { cursor, clientId } = readSyncState(w);
        let page;
        try {
          page = await this.track(() => this.api.changes(cursor!, this.opts.changesPageSize ?? 1000, clientId, this.abort.signal));
        } catch (err) {
          // The server no longer knows our cursor (log trimmed, data restored): start over, keeping the outbox.
          if (err instanceof SyncHttpError && err.status === 409 && !rebootstrapped) {
            rebootstrapped = true;
            startFreshBootstrap(this.cache);
            await this.runBootstrap();
            continue;
          }
          throw err;
        }
        const changed = applyChangesPage(w, page, generation, this.rebaseContext());
        this.setStatus({ outbox: outboxCounts(w) });
        if (changed.entities.length) this.events.emit('changed', changed);
        if (page.upToDate) break;
      }
    } finally {
      this.setStatus({ pulling: false });
    }
  }

  /** Sends the outbox in id order until every mutation is acknowledged. */
  push(): Promise<void> {
    return this.pushTask.run();
  }

  private async pushAll(): Promise<void> {
    const w = this.cache.writer;
    this.setStatus({ pushing: true });
    let acknowledged = 0;
    try {
      acknowledged = await pushOutbox({
        w,
        api: this.api,
        batchSize: this.opts.pushBatchSize ?? 100,
        signal: this.abort.signal,
        rebaseContext: () => this.rebaseContext(),
        now: () => this.clock.now(),
        pull: () => this.pull(),
        request: (step) => this.track(step),
        onBatch: (rejected) => {
          for (const r of rejected) this.events.emit('rejected', r);
          if (rejected.length) this.events.emit('changed', { entities: ['ticket', 'message', ...billingEntities], ticketIds: [] });
          this.setStatus({ outbox: outboxCounts(w) });
        },
        onRenumbered: () =>
          this.setStatus({ lastError: 'this cache was behind the server\'s record of its changes (restored from a copy?); its waiting changes were renumbered under a new client id' }),
      });
    } finally {
      this.setStatus({ pushing: false });
      this.scheduleRelease();
    }
    // Bring in the server's rows for what was acknowledged, replacing the optimistic copies.
    if (acknowledged) void this.pull().catch(() => undefined);
  }

  /** Pushes, then pulls; errors are reported in the status, not thrown. */
  async syncNow(): Promise<void> {
    await Promise.all([this.push().catch(() => undefined), this.pull().catch(() => undefined)]);
  }

  /**
   * A local action: its optimistic effect and its outbox row commit together, then a push
   * starts in the background. An undoable one waits out its undo window first (and holds back
   * what comes after it). Throws LocalRefusal when the cached state already forbids it.
   */
  perform<N extends MutationName>(name: N, args: MutationArgs<N>): PerformedAction {
    const now = this.clock.now();
    const windowMs = this.opts.undoWindowMs ?? 0;
    const hold = windowMs > 0 && holdsForUndo(name, args) ? { until: now + windowMs, key: randomBytes(12).toString('base64url') } : null;
    const { mutationId, clientRef, ticketIds, entities } = writeLocalAction(this.cache.writer, { user: this.identity(), settings: this.settings, now }, name, args, hold);
    this.events.emit('changed', { entities, ticketIds });
    this.scheduleOutboxCount();
    if (hold) this.scheduleRelease();
    else this.schedulePush();
    return { mutationId, ...(clientRef ? { clientRef } : {}), ...(hold ? { undo: hold } : {}) };
  }

  /**
   * Undo: cancels held actions by their keys before the server sees them, and takes their
   * effects off the cache (offline too). Those already pushed are left alone; returns the
   * tickets of the ones cancelled (none: the window had passed).
   */
  undo(keys: readonly string[]): { undone: number; ticketIds: number[] } {
    const w = this.cache.writer;
    const ticketIds: number[] = [];
    let undone = 0;
    w.transaction(() => {
      const cancelled = [...keys].map((key) => cancelHeldMutation(w, key)).filter((m) => m !== null);
      undone = cancelled.length;
      for (const m of cancelled) {
        const id = ticketIdOf(m.args);
        if (id !== null) ticketIds.push(id);
      }
      if (undone) rebase(w, this.rebaseContext(), () => undefined);
    });
    if (undone) {
      this.events.emit('changed', { entities: ['ticket', 'message', ...billingEntities], ticketIds });
      this.setStatus({ outbox: outboxCounts(w) });
      // What waited behind the cancelled ones may go now.
      this.scheduleRelease();
      this.schedulePush();
    }
    return { undone, ticketIds };
  }

  /** Pushes when the soonest undo window ends (each push sets the next one). */
  private scheduleRelease(): void {
    if (!this.cache.writer.db.open) return;
    const until = nextHoldEnd(this.cache.writer, this.clock.now());
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    if (until === null) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = null;
      this.schedulePush();
      // Offline, nothing pushes now: the reconnect does, and the next window still needs waking.
      if (!this.current.online) this.scheduleRelease();
    }, Math.max(0, until - this.clock.now()) + 5);
    this.releaseTimer.unref?.();
  }

  /**
   * Recounts the outbox for the status bar just after the caller's turn: a burst of local
   * actions is counted once, and the count (a scan of the waiting rows, thousands when long
   * offline) stays off each action's own time.
   */
  private scheduleOutboxCount(): void {
    if (this.outboxCountScheduled) return;
    this.outboxCountScheduled = true;
    setImmediate(() => {
      this.outboxCountScheduled = false;
      if (this.cache.writer.db.open) this.setStatus({ outbox: outboxCounts(this.cache.writer) });
    });
  }

  /**
   * Pushes soon, outside the caller's turn: a burst of local actions becomes one push, and
   * the action itself stays a local write. Offline with the live connection retrying, the
   * reconnect pushes instead.
   */
  private schedulePush(): void {
    if (this.pushScheduled) return;
    if (!this.current.online && this.liveStarted) return;
    this.pushScheduled = true;
    setImmediate(() => {
      this.pushScheduled = false;
      void this.push().catch(() => undefined);
    });
  }

  private onLiveMessage(event: string, data: string): void {
    const e = parseStreamEvent(StaffStreamEvent, event, data);
    if (!e) return;
    switch (e.event) {
      case 'poke': {
        const { cursor } = readSyncState(this.cache.reader);
        if (cursor === null || !(e.data.seq <= parseCursor(cursor).seq)) void this.pull().catch(() => undefined);
        return;
      }
      case 'presence':
        this.events.emit('presence', e.data);
        return;
      case 'notification':
        this.events.emit('notification', e.data);
        return;
      case 'held-mail':
        this.events.emit('heldMail', {});
        return;
      case 'signed-out':
        // The server ends the stream; reconnecting would be refused (401) like any request of an ended session.
        this.endSession(e.data.reason ?? 'ended');
        return;
      default:
        assertNever(e, 'stream event');
    }
  }

  private endSession(reason: 'deactivated' | 'ended'): void {
    if (this.signedOut) return;
    this.signedOut = true;
    this.events.emit('signedOut', { reason });
  }

  /** Runs a network step, keeping online/offline and the last error current. */
  private async track<T>(step: () => Promise<T>): Promise<T> {
    try {
      const result = await step();
      if (!this.current.online || this.current.lastError) this.setStatus({ online: true, lastError: null });
      return result;
    } catch (err) {
      this.setStatus({ online: isNetworkFailure(err) ? false : this.current.online, lastError: errorText(err) });
      if (isUnauthorized(err)) this.endSession(endReason(err));
      throw err;
    }
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    this.events.emit('status', this.current);
  }
}

const isUnauthorized = (err: unknown): boolean => err instanceof SyncHttpError && err.status === 401;
/** Why the server refused the session: an admin deactivated the user, or it simply ended. */
export const endReason = (err: unknown): 'deactivated' | 'ended' => (err instanceof SyncHttpError && err.code === 'account_deactivated' ? 'deactivated' : 'ended');

function errorText(err: unknown): string | null {
  if (err === undefined || err === null) return null;
  return err instanceof Error ? err.message : String(err);
}
