/**
 * The server's PostgreSQL connections through a database restart (immediate mode, as after a
 * crash): queries and transactions work again at once, and a LISTEN that lost its connection
 * reconnects by itself and says so (the live hub then pokes every console), instead of falling
 * silent until the server restarts. Its own cluster: a restart must not touch other tests'.
 */
import { createServer, Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, openPostgres, type Database } from '../../src/server/db/database';
import { createTestDatabase, startPostgres, type PostgresCluster } from '../support/postgres';

let cluster: PostgresCluster;
let db: Database;

beforeAll(async () => {
  cluster = await startPostgres({ durable: true });
  db = await openPostgres(await createTestDatabase(cluster.url));
}, 120_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

it('works again after PostgreSQL restarts: transactions, and a LISTEN that reconnects and says so', { timeout: 120_000 }, async () => {
  await db.exec('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
  const heard: string[] = [];
  let resumed = 0;
  const unlisten = await db.listen('sb_restart_test', (p) => heard.push(p), () => resumed++);
  await db.query(`SELECT pg_notify('sb_restart_test', 'before')`);
  await expect.poll(() => heard).toEqual(['before']);

  await cluster.restart();
  // The first statements may meet connections the restart broke; none may stay broken.
  const written: number[] = [];
  await expect
    .poll(async () => {
      try {
        written.push(await db.transaction(async (tx) => (await tx.query<{ id: number }>(`INSERT INTO notes (body) VALUES ('after') RETURNING id`))[0]!.id));
      } catch {
        // a connection the restart cut: the next try gets a new one
      }
      return written.length;
    }, { timeout: 30_000 })
    .toBeGreaterThan(0);
  for (let i = 0; i < 20; i++) await db.transaction((tx) => tx.query(`INSERT INTO notes (body) VALUES ('again')`));
  expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes'))[0]!.n).toBe(written.length + 20);

  await expect.poll(() => resumed, { timeout: 30_000 }).toBe(1);
  await db.query(`SELECT pg_notify('sb_restart_test', 'after')`);
  await expect.poll(() => heard).toEqual(['before', 'after']);
  await unlisten();
});

it('a transaction that waits on something else while PostgreSQL restarts fails, and the process lives on (no unhandled error event)', { timeout: 120_000 }, async () => {
  await db.exec('CREATE TABLE IF NOT EXISTS waits (id serial PRIMARY KEY)');
  let restarted!: () => void;
  const restartDone = new Promise<void>((r) => (restarted = r));
  const outcome = db.transaction(async (tx) => {
    await tx.query('INSERT INTO waits DEFAULT VALUES');
    // Between two queries (a blob streamed in, a mail sent): the connection is reset meanwhile.
    await cluster.restart();
    restarted();
    await tx.query('INSERT INTO waits DEFAULT VALUES');
  });
  await expect(outcome).rejects.toThrow();
  await restartDone;
  // Still here, and working again.
  await expect
    .poll(async () => db.query('SELECT 1 AS one').then(() => true, () => false), { timeout: 30_000 })
    .toBe(true);
  expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM waits'))[0]!.n).toBe(0);
});

/** PostgreSQL's ErrorResponse for a connection while it recovers after a crash (SQLSTATE 57P03). */
function startingUp(): Buffer {
  const fields = Buffer.from('SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0');
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

it('a server started while PostgreSQL is still starting up waits for it; a wrong database is said at once', { timeout: 60_000 }, async () => {
  // In front of the real cluster: the first connections are told "starting up", as during recovery.
  const target = new URL(cluster.url);
  let refused = 0;
  const front = createServer((client) => {
    if (refused < 3) {
      refused++;
      client.once('data', () => client.end(startingUp()));
      return;
    }
    const upstream = new Socket();
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.connect(Number(target.port), target.hostname);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const url = new URL(cluster.url);
  url.port = String((front.address() as { port: number }).port);
  try {
    const waited = await openDatabase({ databaseUrl: url.toString(), databaseWaitMs: 30_000 });
    expect(refused).toBe(3);
    expect((await waited.query<{ one: number }>('SELECT 1 AS one'))[0]!.one).toBe(1);
    await waited.close();

    const wrong = new URL(cluster.url);
    wrong.pathname = '/no_such_database';
    const started = Date.now();
    await expect(openDatabase({ databaseUrl: wrong.toString(), databaseWaitMs: 30_000 })).rejects.toMatchObject({ code: '3D000' });
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    await new Promise<void>((resolve) => front.close(() => resolve()));
  }
});
