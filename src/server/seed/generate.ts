/**
 * The deterministic demo data generator (`npm run seed -- --tickets N`), shared by the demo,
 * the tests and the benchmarks: the same seed and `now` always give the same rows.
 *
 * It plans everything in memory first (accounts, licenses, the full timeline of every ticket),
 * then bulk-inserts with one `INSERT ... SELECT FROM unnest(...)` per few thousand rows, all in
 * one transaction, so 100k tickets with ~1M messages take minutes, not hours, on PGlite.
 * Every row follows DOMAIN.md: each ticket's state is what the shared life cycle (`decide()`)
 * makes of its planned timeline, due times come from `ticketDueAt`, scores from the account
 * standing rule, and every first close with a charge has exactly one ledger entry. The change log is not written; a fresh sync
 * epoch makes every console bootstrap again instead.
 */
import { queryBuilder } from '../db/queryBuilder';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { hashPassword } from '../auth/passwords';
import type { Database, Queryable } from '../db/database';
import { ensureDemoAccounts } from './demoAccounts';
import { planAccounts, planStaff } from './plan/accounts';
import { planBilling, planPendingOrders } from './plan/billing';
import { planTransfers, planUrlChanges } from './plan/licenseRequests';
import { planLicenses } from './plan/licenses';
import { planStanding, planTickets } from './plan/tickets';
import type { GenerateOptions } from './plans';
import { SeedState } from './seedState';
import { settings } from './units';
import { writeBilling, writeLedger } from './write/billing';
import { writeDirectory } from './write/directory';
import { ensureDemoCatalogue } from './write/catalogue';
import { ensureDemoForum } from './write/forum';
import { writeFaq } from './write/faq';
import { writeFileArea } from './write/fileArea';
import { writeLicenses, writeRequests } from './write/licenses';
import { writeTickets } from './write/tickets';

export const seededTables = [
  'departments', 'users', 'staff_departments', 'accounts', 'licenses', 'license_history', 'tickets', 'ticket_messages', 'attachments',
  'faq_articles', 'invoices', 'orders', 'ledger_entries', 'license_transfers', 'url_change_requests', 'file_folders', 'files',
] as const;
export type SeededTable = (typeof seededTables)[number];
/** Rows per table after generation. */
export type GeneratedCounts = Record<SeededTable, number>;

export async function generateDemoData(db: Database, opts: GenerateOptions): Promise<GeneratedCounts> {
  return (await generate(db, opts, false))!;
}

/**
 * The same, but only into a database without tickets, checked under a lock inside the
 * generating transaction: two servers starting at once on one PostgreSQL seed it once.
 * Returns null when there were tickets already.
 */
export async function generateDemoDataIfEmpty(db: Database, opts: GenerateOptions): Promise<GeneratedCounts | null> {
  return generate(db, opts, true);
}

async function generate(db: Database, opts: GenerateOptions, onlyIfEmpty: boolean): Promise<GeneratedCounts | null> {
  const state = new SeedState(opts);
  const done = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7270002)');
    if (onlyIfEmpty && (await queryBuilder(tx).selectFrom('tickets').select('id').limit(1).executeTakeFirst())) return false;
    if (db.engine === 'pglite') await skipForeignKeyChecks(tx);
    await run(state, tx);
    return true;
  });
  if (!done) return null;
  // After the commit: a blob without a row is harmless, a row without its blob is not.
  if (opts.blobs) for (const content of state.blobs.values()) await opts.blobs.put(Readable.from([content]));
  const counts = {} as GeneratedCounts;
  for (const t of seededTables) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    counts[t] = row!.n;
  }
  return counts;
}

/**
 * PGlite checks each foreign key with a query per inserted row, which costs more than the
 * insert itself at a million rows. The generator links rows by construction (and the tests
 * check every foreign key of its output, and run it on PostgreSQL with checks on), so on
 * PGlite this transaction skips the checks, as pg_restore --disable-triggers does. Only
 * while the schema has no triggers of its own, which this would silently skip as well.
 */
async function skipForeignKeyChecks(tx: Queryable): Promise<void> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
  );
  if (row!.n === 0) await tx.query('SET LOCAL session_replication_role = replica');
}

async function run(state: SeedState, tx: Queryable): Promise<void> {
  const demoIds = await ensureDemoAccounts(tx, state.now);
  state.hash = await hashPassword('switchboard');
  await state.loadBases(tx);
  planStaff(state, demoIds);
  planAccounts(state, demoIds);
  planLicenses(state);
  planTransfers(state);
  planUrlChanges(state);
  planTickets(state);
  planStanding(state);
  planBilling(state);
  planPendingOrders(state);

  await writeDirectory(state, tx);
  await writeLicenses(state, tx);
  await writeBilling(state, tx);
  await writeTickets(state, tx);
  await writeLedger(state, tx);
  await writeRequests(state, tx);
  await writeFileArea(state, tx);
  await writeFaq(state, tx);
  await ensureDemoCatalogue(tx, state.now);
  await ensureDemoForum(tx, state.now);
  await finish(tx);
}

/** Sequences continue after the seeded ids; a new sync epoch stands in for the change log. */
async function finish(tx: Queryable): Promise<void> {
  for (const table of ['users', 'accounts', 'licenses', 'tickets', 'ticket_messages', 'invoices', 'orders', 'file_folders']) {
    await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 1), (SELECT max(id) IS NOT NULL FROM ${table}))`);
  }
  await tx.query(`SELECT setval('ticket_number_seq', coalesce((SELECT max(number) FROM tickets), 104000), (SELECT max(number) IS NOT NULL FROM tickets))`);
  // No change log for seeded rows: a new epoch sends every console back to a bootstrap.
  await queryBuilder(tx)
    .insertInto('settings')
    .values({ key: 'sync.epoch', value: JSON.stringify(randomBytes(6).toString('base64url')) })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}
