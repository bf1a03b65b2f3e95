/**
 * A signed-in console: the user's cache file, the sync engine on it, and what is derived from
 * the engine's events (sync status for the status bar, notifications, presence). One cache
 * file per server and user, so switching users never mixes their data or outboxes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Emit } from '../../shared/console/consoleApi';
import type { SessionInfo, SyncStatus } from '../../shared/console/schemas';
import { openCache, type Cache } from '../cache/cacheDatabase';
import { readRow } from '../cache/mirrorRows';
import { SessionFiles } from '../files/sessionFiles';
import { outboxCounts, rejectedMutations } from '../cache/outbox';
import { SyncEngine, type SyncEngineOptions, type SyncStatus as EngineStatus } from '../sync/syncEngine';
import type { FetchImpl } from './staffApi';
import { PresenceBoard } from '../tickets/presenceBoard';
import { TicketNotifier } from '../tickets/ticketNotifications';
import type { StoredSession } from './tokenStore';
import { ticketIdOf } from '../sync/localAction';


export interface SessionOptions {
  dataDir: string;
  fetch: FetchImpl;
  now: () => number;
  emit: Emit;
  /** Test knobs: page sizes, backoff. */
  engineOptions?: Partial<SyncEngineOptions>;
  uploadBackoff?: { baseMs: number; maxMs: number };
}

/** What the sign-in form says after the server ended the session while the console was open. */
export const signedOutReasons = {
  deactivated: 'An admin deactivated your account: you were signed out, and this console\'s cache stays locked until you sign in again.',
  ended: 'The session has ended (signed out elsewhere, expired or its password changed); sign in again.',
} as const;

export function cacheFileFor(dataDir: string, serverUrl: string, userId: number): string {
  const server = createHash('sha256').update(serverUrl).digest('hex').slice(0, 12);
  return path.join(dataDir, `cache-${server}-user-${userId}.sqlite`);
}

export class ConsoleSession {
  readonly cache: Cache;
  readonly engine: SyncEngine;
  readonly presence: PresenceBoard;
  /** Downloads into the blob cache and the upload queue. */
  readonly files: SessionFiles;
  private readonly notifier: TicketNotifier;
  private readonly unsubscribe: Array<() => void> = [];
  private lastSyncAt: number | null = null;
  private lastSent = '';

  constructor(
    readonly stored: StoredSession,
    private readonly opts: SessionOptions,
  ) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    this.cache = openCache(cacheFileFor(opts.dataDir, stored.serverUrl, stored.user.id));
    this.engine = new SyncEngine({ ...opts.engineOptions, cache: this.cache, serverUrl: stored.serverUrl, token: stored.token, fetch: opts.fetch });
    this.presence = new PresenceBoard(stored.user.id);
    this.files = new SessionFiles({
      dataDir: opts.dataDir, cache: this.cache, engine: this.engine, serverUrl: stored.serverUrl, token: stored.token, userId: stored.user.id,
      fetch: opts.fetch, now: opts.now, emit: opts.emit, uploadBackoff: opts.uploadBackoff,
    });
    this.notifier = new TicketNotifier(this.cache.reader, stored.user.id);
    this.wire();
  }

  get info(): SessionInfo {
    return { serverUrl: this.stored.serverUrl, user: this.stored.user };
  }

  private wire(): void {
    const { emit, now } = this.opts;
    let wasPulling = false;
    let waiting = 0;
    this.unsubscribe.push(
      this.engine.on('status', (s) => {
        // A pull that ended without an error means the cache has caught up with the server.
        if (wasPulling && !s.pulling && !s.lastError) this.lastSyncAt = now();
        wasPulling = s.pulling;
        // Fewer waiting: the server took them. Screens read from the server (held mail, the
        // team) reread then, since such a decision changes no row of this cache.
        if (s.outbox.waiting < waiting) emit('entitiesChanged', { entities: ['outbox'], ticketIds: [] });
        waiting = s.outbox.waiting;
        this.sendStatus(s);
      }),
      this.engine.on('changed', (c) => {
        emit('entitiesChanged', { entities: c.entities, ticketIds: c.ticketIds });
        // No ticket ids means "any ticket" (a bootstrap, which names every entity, or a rollback):
        // learn afresh instead of notifying, or a first sync would call out every old ticket.
        if (c.ticketIds.length === 0) this.notifier.prime();
        else for (const n of this.notifier.check(c.ticketIds)) emit('notification', n);
      }),
      this.engine.on('rejected', (r) => {
        const failed = rejectedMutations(this.cache.reader).find((m) => m.id === r.mutationId);
        const ticketId = ticketIdOf(failed?.args);
        const ticketNumber = ticketId === null ? null : ticketNumberOf(this.cache, ticketId);
        emit('notification', { kind: 'rejected', mutation: r.name, ticketId, ticketNumber, title: `${r.name} was refused`, body: r.error.message });
        emit('entitiesChanged', { entities: ['outbox'], ticketIds: ticketId === null ? [] : [ticketId] });
      }),
      // The server's call-outs: a breach is known only there (its scheduler flags it). A HotRush
      // one is left out: the notifier above tells of a new HotRush ticket from the cache already.
      this.engine.on('notification', (n) => {
        if (n.kind !== 'breach') return;
        emit('notification', { kind: 'breach', ticketId: n.ticketId, ticketNumber: n.number, title: `#${n.number} breached its turnaround target`, body: n.subject });
      }),
      // Ticket screens show the HotRush surcharge: a new one is a change they must show.
      this.engine.on('heldMail', () => emit('entitiesChanged', { entities: ['held_mail'], ticketIds: [] })),
      this.engine.on('settings', () => emit('entitiesChanged', { entities: ['settings'], ticketIds: [] })),
      this.engine.on('presence', (p) => {
        if (this.presence.record(p)) emit('entitiesChanged', { entities: ['presence'], ticketIds: [p.ticketId] });
      }),
    );
  }

  /** Starts syncing in the background; the returned promise settles when the first sync ends. */
  async start(): Promise<void> {
    this.notifier.prime();
    this.files.start();
    await this.engine.start();
  }

  status(): SyncStatus {
    return toSyncStatus(this.engine.status, outboxCounts(this.cache.reader), this.lastSyncAt);
  }

  /** Pushes the status when something the status bar shows changed (the engine reports far more often). */
  sendStatus(s: EngineStatus = this.engine.status): void {
    const status = toSyncStatus(s, outboxCounts(this.cache.reader), this.lastSyncAt);
    const text = JSON.stringify(status);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.opts.emit('syncStatus', status);
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    await this.files.close();
    await this.engine.stop();
    this.cache.close();
  }
}

export function toSyncStatus(s: EngineStatus, outbox: { waiting: number; rejected: number }, lastSyncAt: number | null): SyncStatus {
  const p = s.progress;
  return {
    signedIn: true,
    online: s.online,
    progress: p ? { rowsDone: p.rowsDone, total: p.total, percent: p.total > 0 ? Math.min(100, (100 * p.rowsDone) / p.total) : 0, perEntity: p.perEntity } : null,
    outboxCount: outbox.waiting,
    rejectedCount: outbox.rejected,
    lastError: s.lastError,
    lastSyncAt,
  };
}

export const signedOutStatus: SyncStatus = { signedIn: false, online: false, progress: null, outboxCount: 0, rejectedCount: 0, lastError: null, lastSyncAt: null };

function ticketNumberOf(cache: Cache, ticketId: number): number | null {
  const n = readRow(cache.reader, 'ticket', ticketId)?.number;
  return typeof n === 'number' ? n : null;
}

export { ticketIdOf };
