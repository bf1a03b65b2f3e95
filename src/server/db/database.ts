/**
 * One small interface over the two storage engines: embedded PGlite (the default, in
 * DATA_DIR) and PostgreSQL through `pg` (DATABASE_URL). Everything above it writes plain
 * parameterised SQL and never knows which engine runs.
 */
import { exponentialBackoff } from '../../shared/async/backoff';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDirectory } from '../../shared/node/directoryLock';
import { isNetworkFailure } from '../../shared/networkFailure';
import { isTransientFault } from './pgErrors';
import { preparedQuery } from './pgliteQuery';

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>, isolation?: Isolation): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel; returns the unsubscribe. On PostgreSQL a listening
   * connection that is lost (a database restart, a network cut) reconnects by itself, and
   * `onResumed` runs once it listens again: notifications sent meanwhile are lost, so the
   * caller catches up another way (the live hub pokes every stream).
   */
  listen(channel: string, onPayload: (payload: string) => void, onResumed?: () => void): Promise<() => Promise<void>>;
  /**
   * Embedded PGlite only: runs `fn` while no statement or transaction runs, after a CHECKPOINT,
   * so the files in the data directory are one consistent state for `fn` to copy (backup.ts).
   */
  quiesced?<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Runs `fn` inside a savepoint of the transaction `tx` (PostgreSQL and PGlite alike, nested as
 * deep as needed): if it throws, everything it wrote is rolled back and the transaction goes
 * on, usable again even after a failed statement; the error is rethrown for the caller to
 * judge. One name for every savepoint is enough: PostgreSQL keeps same-named savepoints on a
 * stack and RELEASE / ROLLBACK TO act on the newest, which is always this call's own because
 * an inner call ends before its outer one. A constant text also stays a prepared statement.
 */
export async function savepoint<T>(tx: Queryable, fn: () => Promise<T>): Promise<T> {
  await tx.query('SAVEPOINT sb_savepoint');
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await tx.query('ROLLBACK TO SAVEPOINT sb_savepoint');
    await tx.query('RELEASE SAVEPOINT sb_savepoint');
    throw err;
  }
  await tx.query('RELEASE SAVEPOINT sb_savepoint');
  return result;
}

// int8 (bigint) as a JS number: ids, ms timestamps and seqs all stay far below 2^53.
const INT8 = 20;
const INT8_ARRAY = 1016;
const parseInt8 = (v: string): number => Number(v);

/** Serialises work on PGlite's single connection so two transactions never interleave. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** A PGlite data directory on disk (not `memory://` or another PGlite scheme). */
const isDirectory = (dataDir: string | undefined): dataDir is string => !!dataDir && !/^[a-z]+:\/\//.test(dataDir);

export async function openPglite(dataDir?: string): Promise<Database> {
  // One process per data directory (directoryLock.ts): refused here, before PGlite reads a file.
  const unlock = isDirectory(dataDir) ? await lockDirectory(dataDir, { what: 'The data directory' }) : async () => undefined;
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir ?? 'memory://', { parsers: { [INT8]: parseInt8 } });
  } catch (err) {
    await unlock();
    throw err;
  }
  const lock = new Mutex();
  const direct: Queryable['query'] = preparedQuery(db);
  return {
    engine: 'pglite',
    query: (text, params) => lock.run(() => direct(text, params)),
    exec: (script) => lock.run(async () => void (await db.exec(script))),
    transaction: (fn, isolation = 'read committed') =>
      lock.run(async () => {
        await db.exec(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
        try {
          const result = await fn({ query: direct, exec: async (script) => void (await db.exec(script)) });
          await db.exec('COMMIT');
          return result;
        } catch (err) {
          await db.exec('ROLLBACK');
          throw err;
        }
      }),
    quiesced: (fn) =>
      lock.run(async () => {
        await db.exec('CHECKPOINT');
        return fn();
      }),
    // Under the lock too: PGlite's own LISTEN statements must not interleave with ours.
    listen: async (channel, onPayload) => {
      const unsubscribe = await lock.run(() => db.listen(channel, onPayload));
      return () => lock.run(() => unsubscribe());
    },
    close: () =>
      lock.run(async () => {
        await db.close();
        await unlock();
      }),
  };
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
  const parseInt8Array = (v: string) => (pg.types.getTypeParser(INT8_ARRAY as Parameters<typeof pg.types.getTypeParser>[0]) as (v: string) => Array<string | null>)(v).map((x) => (x === null ? null : Number(x)));
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === INT8 ? parseInt8 : oid === INT8_ARRAY ? parseInt8Array : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // Idle clients that lose their server must not crash the process.
  pool.on('error', () => undefined);
  const listeners = new Set<pg.Client>();
  const guarded = new WeakSet<pg.PoolClient>();
  return {
    engine: 'postgres',
    query: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    exec: async (script) => void (await pool.query(script)),
    transaction: async (fn, isolation = 'read committed') => {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a reset between two of its queries (the
      // database restarted while the transaction awaited something else) would be an unhandled
      // 'error' event and end the process. The next query fails instead, and ROLLBACK below.
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on('error', () => undefined);
      }
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
        result = await fn({
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
          exec: async (script) => void (await client.query(script)),
        });
        await client.query('COMMIT');
      } catch (err) {
        // A connection that cannot roll back is broken (the database restarted): destroy it, never pool it.
        const broken = await client.query('ROLLBACK').then(() => false, () => true);
        client.release(broken);
        throw err;
      }
      client.release();
      return result;
    },
    listen: async (channel, onPayload, onResumed) => {
      let current: pg.Client | null = null;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString, types });
        client.on('error', () => undefined);
        client.on('notification', (msg) => {
          if (msg.channel === channel) onPayload(msg.payload ?? '');
        });
        client.on('end', () => {
          if (current !== client) return;
          current = null;
          listeners.delete(client);
          if (!stopped) void reconnect();
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (err) {
          await client.end().catch(() => undefined);
          throw err;
        }
        current = client;
        listeners.add(client);
      };
      // Backs off from 100 ms to 5 s while the database is away.
      const reconnect = async (): Promise<void> => {
        for (let attempt = 0; !stopped; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, exponentialBackoff(attempt, { baseMs: 100, maxMs: 5000 })).unref());
          if (stopped) return;
          try {
            await connect();
          } catch {
            continue;
          }
          onResumed?.();
          return;
        }
      };
      await connect();
      return async () => {
        stopped = true;
        const client = current;
        current = null;
        if (client) {
          listeners.delete(client);
          await client.end().catch(() => undefined);
        }
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string; databaseWaitMs?: number }): Promise<Database> {
  if (!opts.databaseUrl) return openPglite(opts.dataDir);
  await untilPostgresAnswers(opts.databaseUrl, opts.databaseWaitMs ?? 60_000);
  return openPostgres(opts.databaseUrl);
}

/**
 * A server started with its database (a host reboot, containers started together, a
 * PostgreSQL still recovering after a crash) finds it unreachable or "starting up" (57P03) for
 * a while: it waits, up to `waitMs`, rather than exit. Any other error (a wrong password, no
 * such database, a malformed URL) is said at once. Each try is one connection of its own,
 * bounded by the time left, so a host that never answers cannot hold the start past the wait.
 */
async function untilPostgresAnswers(connectionString: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: Math.max(1000, Math.min(10_000, deadline - Date.now())) });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      const delay = exponentialBackoff(attempt, { baseMs: 100, maxMs: 2000 });
      if (!(isTransientFault(err) || isNotReachableYet(err)) || Date.now() + delay > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Not reachable yet: refused, reset, no route or no answer (the network still coming up), the socket file missing. */
const notReachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const isNotReachableYet = (err: unknown): boolean => {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_INVALID_URL') return false; // a malformed DATABASE_URL: said at once
  return notReachableCodes.has(String(e?.code)) || /Connection terminated unexpectedly|timeout expired/i.test(String(e?.message)) || isNetworkFailure(err);
};
