/**
 * Shared set-up for the console core's tests: a real server with some tickets in several
 * departments and states, temporary cache files, engines signed in as demo staff, and the
 * server-side truth (rows by scope) that a bootstrapped cache must equal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syncEntities, type SyncEntity } from '../../../src/shared/sync/protocol';
import { queryBuilder, sql } from '../../../src/server/db/queryBuilder';
import { changedRowsSelect, entityDefs, redactedFor } from '../../../src/server/sync/entities';
import { scopesOf } from '../../../src/server/sync/scopes';
import { openCache, type Cache } from '../../../src/main/cache/cacheDatabase';
import { cacheRowToPayload, columnList, entityTables } from '../../../src/main/cache/entityTables';
import { fullTextIndexes } from '../../../src/main/cache/fullTextIndex';
import { SyncEngine, type SyncEngineOptions } from '../../../src/main/sync/syncEngine';
import type { TestServer } from '../../support/testServer';

export const staffEmails = {
  dispatcher: 'dispatcher@example.com',
  engineer: 'engineer@example.com',
  billing: 'billing@example.com',
  admin: 'admin@example.com',
} as const;

export function tempCachePath(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'sb-cache-')), 'cache.sqlite');
}

export function openTempCache(file = tempCachePath()): Cache {
  return openCache(file);
}

/** An engine with tiny page and batch sizes, so multi-page and multi-batch paths always run. */
export async function startEngine(s: TestServer, email: string, opts: Partial<SyncEngineOptions> & { cache?: Cache } = {}): Promise<{ engine: SyncEngine; cache: Cache }> {
  const cache = opts.cache ?? openTempCache();
  const engine = new SyncEngine({ serverUrl: s.url, token: await s.login(email), clock: s.clock, bootstrapPageSize: 7, changesPageSize: 5, pushBatchSize: 3, ...opts, cache });
  return { engine, cache };
}

export async function departmentIds(s: TestServer): Promise<Record<string, number>> {
  const rows = await s.ctx.db.query<{ id: number; name: string }>('SELECT id, name FROM departments');
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

export async function ticketIdOf(s: TestServer, number: number): Promise<number> {
  const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [number]);
  return t!.id;
}

/** A customer ticket through the customer REST API; returns its id. */
export async function createTicket(s: TestServer, body: { type: 'tech' | 'sales' | 'project' | 'complaint'; subject: string; body: string; priority?: 'major' | 'normal' | 'minor'; hotRush?: boolean }): Promise<{ id: number; number: number }> {
  const res = await s.api<{ number: number }>('POST', '/api/customer/tickets', { token: await s.login('customer@example.com'), body });
  if (res.status !== 201) throw new Error(`create ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: await ticketIdOf(s, res.body.number), number: res.body.number };
}

export async function customerMessage(s: TestServer, number: number, body: string): Promise<void> {
  const res = await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: await s.login('customer@example.com'), body: { body } });
  if (res.status !== 200) throw new Error(`customer message: ${res.status} ${JSON.stringify(res.body)}`);
}

let directClient = 0;
/** A staff mutation pushed straight to the server (another console's doing). */
export async function pushAs(s: TestServer, email: string, name: string, args: unknown): Promise<{ status: string; error: { code: string } | null }> {
  directClient += 1;
  const clientId = `direct-${directClient}-${Date.now()}`;
  const res = await s.api<{ results: Array<{ status: string; error: { code: string } | null }> }>('POST', '/api/sync/push', {
    token: await s.login(email),
    body: { clientId, mutations: [{ id: 1, name, args }] },
  });
  if (res.status !== 200) throw new Error(`push ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.results[0]!;
}

/** Tickets in every department and several states, plus rows of the other entities. */
export async function seedHelpdesk(s: TestServer): Promise<void> {
  const d = await departmentIds(s);
  const made: Array<{ id: number; number: number }> = [];
  const types = ['tech', 'sales', 'project', 'complaint'] as const;
  const priorities = ['major', 'normal', 'minor'] as const;
  for (let i = 0; i < 16; i++) {
    made.push(await createTicket(s, { type: types[i % 4]!, subject: `Seeded problem ${i} with checkout`, body: `Details of problem ${i}: the checkout page fails.`, priority: priorities[i % 3]!, hotRush: i % 7 === 0 }));
  }
  for (const t of made.slice(0, 5)) await customerMessage(s, t.number, `More details for ${t.number}`);
  const eng = (await s.ctx.db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'engineer@example.com'`))[0]!.id;
  await pushAs(s, staffEmails.dispatcher, 'ticket.classify', { ticketId: made[3]!.id, type: 'complaint', departmentId: d.Billing, cost: 2 });
  await pushAs(s, staffEmails.dispatcher, 'ticket.assign', { ticketId: made[1]!.id, assigneeId: eng });
  await pushAs(s, staffEmails.engineer, 'ticket.claim', { ticketId: made[0]!.id });
  await pushAs(s, staffEmails.engineer, 'ticket.reply', { ticketId: made[0]!.id, body: 'Please clear the cache.' });
  await pushAs(s, staffEmails.engineer, 'ticket.note', { ticketId: made[4]!.id, body: 'Looks like the template bug.' });
  const now = s.clock.now();
  const db = s.ctx.db;
  const [acc] = await db.query<{ id: number }>('SELECT id FROM accounts LIMIT 1');
  await db.query(`INSERT INTO faq_articles (title, body, created_at, updated_at) VALUES ('Why can''t I see the software files?', 'Files appear once a license is active.', $1, $1)`, [now]);
  const [lic] = await db.query<{ id: number }>(`INSERT INTO licenses (key, product, kind, account_id, status, created_at, updated_at) VALUES ('XC-1', 'X-Cart', 'main', $1, 'active', $2, $2) RETURNING id`, [acc!.id, now]);
  await db.query(`INSERT INTO invoices (account_id, description, amount_cents, status, issued_at) VALUES ($1, 'Support points', 5000, 'unpaid', $2)`, [acc!.id, now]);
  await db.query(`INSERT INTO orders (account_id, items, status, created_at) VALUES ($1, '[{"kind":"points","qty":10}]', 'pending', $2)`, [acc!.id, now]);
  await db.query(`INSERT INTO ledger_entries (account_id, kind, points, reason, license_id, created_at) VALUES ($1, 'purchase', 10, 'Points', $2, $3)`, [acc!.id, lic!.id, now]);
  await db.query(`INSERT INTO file_folders (name, access, product) VALUES ('X-Cart 4.1.x', 'product', 'X-Cart')`);
}

export type RowsByEntity = Record<SyncEntity, Array<Record<string, unknown>>>;

/** What the server's scopes give this user, entity by entity in id order. */
export async function serverRowsFor(s: TestServer, email: string): Promise<RowsByEntity> {
  const [u] = await s.ctx.db.query<{ id: number; role: 'staff.admin' | 'staff.dispatcher' | 'staff.engineer' | 'staff.billing'; departmentIds: number[] }>(
    `SELECT id, role, coalesce(array(SELECT department_id FROM staff_departments WHERE user_id = users.id ORDER BY 1), '{}') AS "departmentIds" FROM users WHERE email = $1`,
    [email],
  );
  const scopes = scopesOf(u!);
  const out = {} as RowsByEntity;
  for (const entity of syncEntities) {
    const { rows } = await sql<{ row: Record<string, unknown> }>`SELECT ${entityDefs[entity].payload} AS row FROM (${changedRowsSelect(entity, sql`true`)}) x
      WHERE x.__scopes && ${scopes}::text[] ORDER BY x.id`.execute(queryBuilder(s.ctx.db));
    // Fields the user's scopes do not receive arrive redacted (entities.ts).
    const redacted = redactedFor(entity, scopes);
    out[entity] = rows.map((r) => (redacted ? { ...r.row, ...redacted } : r.row));
  }
  return out;
}

/** The cache's server rows (no local pending ones), in the same shape and order. */
export function cacheRows(cache: Cache): RowsByEntity {
  const out = {} as RowsByEntity;
  for (const entity of syncEntities) {
    const t = entityTables[entity];
    const rows = cache.reader.db.prepare(`SELECT ${columnList(t)} FROM ${t.table} WHERE id > 0 ORDER BY id`).all() as Array<Record<string, unknown>>;
    out[entity] = rows.map((r) => cacheRowToPayload(t, r));
  }
  return out;
}

/**
 * FTS5's own check of every full-text index against its content table (throws when an index
 * holds a row its table does not, or misses one). The message index must hold the server's
 * rows only, so a pending row is taken out of the comparison by checking on a copy without them.
 */
export function checkFullTextIndexes(cache: Cache): void {
  const db = cache.writer.db;
  db.exec('SAVEPOINT fts_check');
  try {
    db.exec('DELETE FROM messages WHERE id < 0');
    for (const ix of fullTextIndexes) db.exec(`INSERT INTO ${ix.fts} (${ix.fts}, rank) VALUES ('integrity-check', 1)`);
  } finally {
    db.exec('ROLLBACK TO fts_check');
    db.exec('RELEASE fts_check');
  }
}

export async function messageCount(s: TestServer, where: string, params: unknown[] = []): Promise<number> {
  const [r] = await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_messages WHERE ${where}`, params);
  return r!.n;
}

/** A fetch that can be switched off like a network cable, counting the bootstraps started from the first page. */
export function offlineCountingBootstraps(): { net: { fetch: typeof fetch; offline: boolean }; fetch: typeof fetch; freshBootstraps: () => number } {
  const net = switchableFetch();
  let fresh = 0;
  const counting: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    if (url.pathname === '/api/sync/bootstrap' && !url.searchParams.has('after')) fresh += 1;
    return net.fetch(input, init);
  };
  return { net, fetch: counting, freshBootstraps: () => fresh };
}

/** A fetch that can be switched off like a network cable, for offline tests. */
export function switchableFetch(): { fetch: typeof fetch; offline: boolean } {
  const net = {
    offline: false,
    fetch: (async (input, init) => {
      if (net.offline) throw new TypeError('fetch failed: offline (simulated)');
      return fetch(input, init);
    }) as typeof fetch,
  };
  return net;
}

/**
 * A fetch whose requests to one endpoint fail, as a keep-alive socket the server just closed
 * does, while `failing` is set; every other request (the live stream too) goes through.
 */
export function endpointFailingFetch(endpoint: string): { fetch: typeof fetch; failing: boolean; failures: number } {
  const net = {
    failing: false,
    failures: 0,
    fetch: (async (input, init) => {
      if (net.failing && String(input).includes(endpoint)) {
        net.failures += 1;
        throw new TypeError('fetch failed: other side closed (simulated)');
      }
      return fetch(input, init);
    }) as typeof fetch,
  };
  return net;
}
