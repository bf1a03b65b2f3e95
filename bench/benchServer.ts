/**
 * The benchmark's helpdesk server, run as a child process so the server's work (PGlite is
 * WebAssembly on one thread) and the console core's work do not share one event loop, as in
 * real life. Generates the demo data, listens on an ephemeral port, and prints one line:
 * `READY {"url":...,"counts":...,"generateMs":...}`.
 *
 * For the live-latency figure it also notes when each write transaction committed (on the
 * machine's clock, which both processes share) and tells `GET /bench/last-commit`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../src/server/app';
import { openDatabase, type Database } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { generateDemoData } from '../src/server/seed/generate';
import { createSession, userForToken } from '../src/server/auth/sessions';
import { scopedEpoch, scopesOf } from '../src/server/sync/scopes';
import { formatCursor } from '../src/shared/sync/protocol';

/**
 * The portal's figures are for an account with `count` tickets (the demo customer has a dozen):
 * other accounts' tickets move to it, their customer messages now the demo customer's.
 */
async function giveDemoCustomerTickets(db: Database, count: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [demo] = await tx.query<{ userId: number; accountId: number }>(`SELECT id AS "userId", account_id AS "accountId" FROM users WHERE email = 'customer@example.com'`);
    const [{ n }] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE account_id = $1`, [demo!.accountId])) as [{ n: number }];
    await tx.query(`CREATE TEMP TABLE moved ON COMMIT DROP AS
      SELECT id, account_id AS old FROM tickets WHERE account_id <> $1 AND type <> 'log' AND merged_into_id IS NULL ORDER BY id DESC LIMIT $2`, [demo!.accountId, Math.max(0, count - n)]);
    await tx.query(`UPDATE ticket_messages m SET author_user_id = $1 FROM moved, users a
      WHERE m.ticket_id = moved.id AND m.kind = 'customer' AND a.id = m.author_user_id AND a.account_id = moved.old`, [demo!.userId]);
    await tx.query(`UPDATE tickets t SET account_id = $1, author_user_id = $2, license_id = NULL FROM moved WHERE t.id = moved.id`, [demo!.accountId, demo!.userId]);
  });
}

/**
 * For the server-load figures (bench/serverLoad.ts): sessions for `customers` primary users
 * (the demo customer, with its 1,000 tickets, first; the rest spread over the accounts that
 * have tickets) with their ticket numbers, and sessions for `streams` staff streams spread over
 * the staff. Sessions are opened here rather than by signing in, so the figures are not the
 * password hash's and the login limiter does not count hundreds of sign-ins from one address.
 */
async function loadFixture(db: Database, epoch: string, q: Record<string, string>) {
  const now = Date.now();
  const customers = await db.query<{ userId: number; accountId: number }>(
    `SELECT u.id AS "userId", u.account_id AS "accountId" FROM users u
      WHERE u.role = 'customer.primary' AND u.active AND EXISTS (SELECT 1 FROM tickets t WHERE t.account_id = u.account_id AND t.type <> 'log')
      ORDER BY (u.email = 'customer@example.com') DESC, md5(u.id::text) LIMIT $1`,
    [Number(q.customers ?? 200)],
  );
  const out = [];
  for (const c of customers) {
    const tickets = await db.query<{ number: number; open: boolean }>(
      `SELECT number::int AS number, status NOT IN ('closed', 'pre_closed') AS open FROM tickets
        WHERE account_id = $1 AND type <> 'log' AND merged_into_id IS NULL ORDER BY id DESC LIMIT 1000`,
      [c.accountId],
    );
    const { token } = await createSession(db, c.userId, now);
    out.push({ token, tickets: tickets.map((t) => t.number), open: tickets.filter((t) => t.open).map((t) => t.number) });
  }
  const staff = await db.query<{ id: number }>(`SELECT id::int AS id FROM users WHERE role LIKE 'staff.%' AND active ORDER BY id`);
  const streams = [];
  for (let i = 0; i < Number(q.streams ?? 0); i++) streams.push((await createSession(db, staff[i % staff.length]!.id, now)).token);
  const [{ seq }] = (await db.query<{ seq: number }>(`SELECT seq::int AS seq FROM sync_counter WHERE id = 1`)) as [{ seq: number }];
  const [admin] = (await db.query<{ id: number }>(`SELECT id::int AS id FROM users WHERE email = 'admin@example.com'`)) as [{ id: number }];
  return { epoch, head: seq, customers: out, streams, staffUsers: staff.length, admin: (await createSession(db, admin.id, now)).token };
}

async function main(): Promise<void> {
  const tickets = Number(process.argv[2] ?? 1000);
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined });
  await migrate(db);
  let lastCommitAt = 0;
  const timed: Database = {
    ...db,
    engine: db.engine,
    query: (text, params) => db.query(text, params),
    exec: (script) => db.exec(script),
    listen: (channel, on) => db.listen(channel, on),
    close: () => db.close(),
    transaction: async (fn, isolation) => {
      const result = await db.transaction(fn, isolation);
      lastCommitAt = performance.timeOrigin + performance.now();
      return result;
    },
  };
  const started = Date.now();
  const counts = await generateDemoData(db, { tickets, seed: 1, now: Date.now() });
  const accountTickets = Number(process.env.BENCH_ACCOUNT_TICKETS || 0);
  if (accountTickets > 0) await giveDemoCustomerTickets(db, accountTickets);
  const generateMs = Date.now() - started;
  const server = await startServer(
    {
      port: 0, host: '127.0.0.1', production: false, dataDir: mkdtempSync(path.join(tmpdir(), 'sb-bench-')),
      accessInfoKey: Buffer.alloc(32, 7).toString('base64'), lifecycleIntervalMs: 0, emailIntervalMs: 0,
      portalDir: process.env.PORTAL_DIR || undefined,
    },
    { db: timed, listen: false },
  );
  server.app.get('/bench/last-commit', async () => ({ at: lastCommitAt }));
  // Cursors at the head for these sessions, scoped as the server hands them out: consoles that kept up.
  server.app.post('/bench/cursors', async (request) => {
    const head = (await db.query<{ seq: number }>(`SELECT seq::int AS seq FROM sync_counter WHERE id = 1`))[0]!.seq;
    const cursors = [];
    for (const token of (request.body as { tokens: string[] }).tokens) {
      const user = await userForToken(db, token, Date.now());
      if (!user) throw new Error('a bench session has expired');
      cursors.push(formatCursor(scopedEpoch(server.ctx.epoch, scopesOf(user)), head));
    }
    return { cursors };
  });
  server.app.get('/bench/load-fixture', async (request) => loadFixture(db, server.ctx.epoch, request.query as Record<string, string>));
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${JSON.stringify({ url, counts, generateMs, engine: db.engine })}\n`);
  const stop = async () => {
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
