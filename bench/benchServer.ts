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
  const generateMs = Date.now() - started;
  const server = await startServer(
    {
      port: 0, host: '127.0.0.1', production: false, dataDir: mkdtempSync(path.join(tmpdir(), 'sb-bench-')),
      accessInfoKey: Buffer.alloc(32, 7).toString('base64'), lifecycleIntervalMs: 0, emailIntervalMs: 0,
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
