/**
 * `npm run seed -- --tickets 100000 [--seed 1] [--reset] [--now 2025-06-01T12:00:00Z]`
 *
 * Fills the server's database (DATA_DIR or DATABASE_URL, as for `npm run server`) with
 * deterministic demo data. A database that already has tickets is refused unless --reset,
 * which first empties every domain table (the schema version and the sync counter stay, so
 * sync cursors never go backwards; the new sync epoch makes consoles bootstrap again).
 */
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config/serverConfig';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { generateDemoData } from './generate';
import { openBlobStore } from '../files/openBlobStore';

/** Tables a reset keeps: the schema version and the sync counter (seqs only go up). */
const keptOnReset = new Set(['schema_migrations', 'sync_counter']);

function parseNow(raw: string | undefined): number {
  if (raw === undefined) return Date.now();
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n)) throw new Error(`--now: expected milliseconds or an ISO date, got "${raw}"`);
  return n;
}

function parseCount(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got "${raw}"`);
  return n;
}

async function reset(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`);
  const names = tables.map((t) => t.name).filter((n) => !keptOnReset.has(n));
  await db.transaction(async (tx) => {
    if (names.length) await tx.query(`TRUNCATE ${names.map((n) => `"${n}"`).join(', ')} RESTART IDENTITY CASCADE`);
    await tx.query('DELETE FROM changes');
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      reset: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const tickets = parseCount('tickets', values.tickets, 2000);
  const seed = parseCount('seed', values.seed, 1);
  const now = parseNow(values.now);
  const config = configFromEnv();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
    if (row!.n > 0 && !values.reset) {
      console.error(`The database already holds ${row!.n} tickets; run with --reset to replace all data with fresh demo data.`);
      process.exitCode = 1;
      return;
    }
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    const started = performance.now();
    if (values.reset) {
      await reset(db);
      console.log(`Emptied the domain tables (${Math.round(performance.now() - started)} ms)`);
    }
    console.log(`Generating ${tickets} tickets (seed ${seed}) into ${where}...`);
    const t0 = performance.now();
    // The demo files' contents go where the server reads them (PostgreSQL, or DATA_DIR/blobs).
    const counts = await generateDemoData(db, { tickets, seed, now, blobs: openBlobStore(config, db) });
    const elapsed = (performance.now() - t0) / 1000;
    const width = Math.max(...Object.keys(counts).map((k) => k.length));
    for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(width)}  ${String(n).padStart(9)}`);
    console.log(`Done in ${elapsed.toFixed(1)} s.`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
