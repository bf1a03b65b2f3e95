/**
 * The live streams' session checks, many at once. A staff stream checks its session before it
 * sends anything (it must fall silent the moment its session ends), and one commit pokes every
 * stream of the process at the same moment: with 500 consoles that was 500 queries queued in
 * front of the last poke. Checks asked for in the same turn of the event loop are answered by
 * one query, so a poke costs one round trip however many streams it reaches.
 */
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import type { Role } from '../../shared/domain/model';
import { hashSessionToken, touchIntervalMs } from './sessions';

/** The user a session belongs to while it holds (unexpired, its user active). */
export interface HeldSession {
  userId: number;
  role: Role;
}

type Waiter = { resolve: (s: HeldSession | null) => void; reject: (err: unknown) => void };

/** Hashes per query: far below PostgreSQL's parameter limit, and a page of the index each. */
const batchLimit = 1000;

export class SessionChecks {
  private waiting = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(private readonly db: Queryable, private readonly now: () => number) {}

  /** Whether the session of `token` holds now, and whose it is. */
  check(token: string): Promise<HeldSession | null> {
    const hash = hashSessionToken(token);
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(hash);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(hash, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = [...this.waiting];
    this.waiting = new Map();
    for (let i = 0; i < batch.length; i += batchLimit) {
      const part = batch.slice(i, i + batchLimit);
      try {
        const held = await this.read(part.map(([hash]) => hash));
        for (const [hash, waiters] of part) for (const w of waiters) w.resolve(held.get(hash) ?? null);
      } catch (err) {
        for (const [, waiters] of part) for (const w of waiters) w.reject(err);
      }
    }
  }

  private async read(hashes: string[]): Promise<Map<string, HeldSession>> {
    const now = this.now();
    const rows = await queryBuilder(this.db)
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .select(['sessions.tokenHash', 'users.id', 'users.role', 'sessions.lastSeenAt'])
      .where('sessions.tokenHash', 'in', hashes)
      .where('sessions.expiresAt', '>', now)
      .where((eb) => eb.ref('users.active'))
      .$narrowType<{ role: Role }>()
      .execute();
    // A session's last use is written down as userForToken does, once per interval.
    const stale = rows.filter((r) => r.lastSeenAt === null || r.lastSeenAt < now - touchIntervalMs).map((r) => r.tokenHash);
    if (stale.length) await queryBuilder(this.db).updateTable('sessions').set({ lastSeenAt: now }).where('tokenHash', 'in', stale).execute();
    return new Map(rows.map((r) => [r.tokenHash, { userId: r.id, role: r.role }]));
  }
}
