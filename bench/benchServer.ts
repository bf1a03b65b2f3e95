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
