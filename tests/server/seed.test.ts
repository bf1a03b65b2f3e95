// The demo data generator: deterministic, consistent with DOMAIN.md, and the same on both engines.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { generateDemoData, type GeneratedCounts } from '../../src/server/seed/generate';
import { faqArticles } from '../../src/server/seed/faq';
import { seedIfEmpty } from '../../src/server/seed/seedIfEmpty';
import { accountStanding, basePriorityScore, standingWindowMs } from '../../src/shared/tickets/queueOrder';
import type { Priority } from '../../src/shared/domain/model';
import { createTestDatabase } from '../support/postgres';

const now = Date.UTC(2025, 5, 2, 9, 30);
const seed = 7;

async function freshPglite(): Promise<Database> {
  const db = await openPglite();
  await migrate(db);
  return db;
}

async function digest(db: Database, sql: string): Promise<string> {
  const rows = await db.query(sql);
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

const ticketsDigest = (db: Database) => digest(db, 'SELECT * FROM tickets ORDER BY id');
const messagesDigest = (db: Database) => digest(db, 'SELECT * FROM ticket_messages ORDER BY id');

describe('generateDemoData on PGlite (300 tickets)', () => {
  let db: Database;
  let again: Database;
  let counts: GeneratedCounts;

  beforeAll(async () => {
    db = await freshPglite();
    again = await freshPglite();
    counts = await generateDemoData(db, { tickets: 300, seed, now });
    await generateDemoData(again, { tickets: 300, seed, now });
  });
  afterAll(async () => {
    await db?.close();
    await again?.close();
  });

  test('the same seed and now give the same rows', async () => {
    expect(await ticketsDigest(again)).toBe(await ticketsDigest(db));
    expect(await messagesDigest(again)).toBe(await messagesDigest(db));
    expect(await digest(again, 'SELECT * FROM licenses ORDER BY id')).toBe(await digest(db, 'SELECT * FROM licenses ORDER BY id'));
    expect(await digest(again, 'SELECT * FROM ledger_entries ORDER BY id')).toBe(await digest(db, 'SELECT * FROM ledger_entries ORDER BY id'));
  });

  test('creates the requested number of tickets with about ten messages each', async () => {
    expect(counts.tickets).toBe(300);
    expect(counts.ticket_messages / counts.tickets).toBeGreaterThan(7);
    expect(counts.ticket_messages / counts.tickets).toBeLessThan(13);
    expect(counts.accounts).toBeGreaterThanOrEqual(21); // 20 generated + the demo customer's
    const [notes] = await db.query<{ share: number }>(`SELECT avg((kind = 'note')::int)::float AS share FROM ticket_messages`);
    expect(notes!.share).toBeGreaterThan(0.05);
    expect(notes!.share).toBeLessThan(0.2);
  });

  test('every ticket status and type, and every license status, is present', async () => {
    const statuses = (await db.query<{ status: string }>('SELECT DISTINCT status FROM tickets')).map((r) => r.status).sort();
    expect(statuses).toEqual(['answered', 'closed', 'in_progress', 'new', 'open', 'pre_closed']);
    const types = (await db.query<{ type: string }>('SELECT DISTINCT type FROM tickets')).map((r) => r.type).sort();
    expect(types).toEqual(['complaint', 'log', 'project', 'sales', 'tech']);
    const licenses = (await db.query<{ status: string }>('SELECT DISTINCT status FROM licenses')).map((r) => r.status).sort();
    expect(licenses).toEqual(['active', 'not_accepted', 'pending', 'revoked', 'transferred']);
    const [log] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE type = 'log' AND subject = 'LOG: License URL modifications'`);
    expect(log!.n).toBeGreaterThan(0);
  });

  test('each charged first close has exactly one ledger entry of minus the charge', async () => {
    const mismatches = await db.query(`
      SELECT t.id, t.charged_points, count(l.id) AS entries, sum(l.points) AS points
        FROM tickets t LEFT JOIN ledger_entries l ON l.ticket_id = t.id AND l.kind = 'ticket_charge' AND l.account_id = t.account_id
       WHERE t.charged_points > 0
       GROUP BY t.id, t.charged_points
      HAVING count(l.id) <> 1 OR sum(l.points) <> -t.charged_points`);
    expect(mismatches).toEqual([]);
    const strays = await db.query(`
      SELECT l.id FROM ledger_entries l LEFT JOIN tickets t ON t.id = l.ticket_id
       WHERE l.kind = 'ticket_charge' AND (t.id IS NULL OR t.account_id <> l.account_id OR coalesce(t.charged_points, 0) <= 0)`);
    expect(strays).toEqual([]);
    const [closed] = await db.query<{ n: number; charged: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE charged_points > 0)::int AS charged FROM tickets WHERE status = 'closed'`,
    );
    expect(closed!.charged).toBeGreaterThan(0);
    const [perAccount] = await db.query<{ bad: number }>(`
      SELECT count(*)::int AS bad FROM (
        SELECT a.id,
               (SELECT count(*) FROM tickets t WHERE t.account_id = a.id AND t.status = 'closed' AND t.charged_points > 0) AS closed_charged,
               (SELECT count(*) FROM ledger_entries l JOIN tickets t ON t.id = l.ticket_id
                 WHERE l.account_id = a.id AND l.kind = 'ticket_charge' AND t.status = 'closed') AS entries
          FROM accounts a) x
       WHERE closed_charged <> entries`);
    expect(perAccount!.bad).toBe(0);
  });

  test('time fields follow the status', async () => {
    const working = ['new', 'open', 'in_progress'];
    const rows = await db.query<{
      status: string; due_at: number | null; clock_started_at: number | null; answered_at: number | null; pre_closed_at: number | null;
      closed_at: number | null; charged_points: number | null; assignee_id: number | null; created_at: number; updated_at: number;
      pre_close_due_at: number | null; close_due_at: number | null; breached_at: number | null;
    }>('SELECT * FROM tickets');
    for (const t of rows) {
      expect(t.due_at === null, `due_at of a ${t.status} ticket`).toBe(!working.includes(t.status));
      expect(t.clock_started_at === null).toBe(!working.includes(t.status));
      // The scheduler's stored deadlines: set exactly while their rule can fire, breaches flagged.
      expect(t.pre_close_due_at).toBe(t.status === 'answered' ? t.answered_at! + 48 * 3_600_000 : null);
      expect(t.close_due_at).toBe(t.status === 'pre_closed' ? t.pre_closed_at! + 72 * 3_600_000 : null);
      if (t.status === 'answered') expect(t.pre_close_due_at!).toBeGreaterThan(now);
      if (t.status === 'pre_closed') expect(t.close_due_at!).toBeGreaterThan(now);
      expect(t.breached_at !== null).toBe(t.due_at !== null && t.due_at <= now);
      if (t.status === 'answered') expect(t.answered_at).not.toBeNull();
      if (t.status === 'pre_closed') expect(t.pre_closed_at! - t.answered_at!).toBeGreaterThanOrEqual(48 * 3_600_000);
      if (t.status === 'closed') {
        expect(t.closed_at).not.toBeNull();
        expect(t.charged_points).not.toBeNull();
      } else expect(t.closed_at).toBeNull();
      if (t.status === 'new' || t.status === 'open') expect(t.assignee_id).toBeNull();
      if (t.status === 'in_progress') expect(t.assignee_id).not.toBeNull();
      expect(t.created_at).toBeGreaterThanOrEqual(now - 121 * 86_400_000);
      expect(t.created_at).toBeLessThanOrEqual(t.updated_at);
      expect(t.updated_at).toBeLessThan(now);
    }
    const [late] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.created_at > $1 OR m.created_at < t.created_at',
      [now],
    );
    expect(late!.n).toBe(0);
  });

  test('scores are the base priority plus the account standing of the last 90 days', async () => {
    const tickets = await db.query<{ account_id: number; priority: Priority; type: string; created_at: number; score: number }>(
      'SELECT account_id, priority, type, created_at, score FROM tickets',
    );
    const accounts = await db.query<{ id: number; standing_adjustment: number }>('SELECT id, standing_adjustment FROM accounts');
    for (const a of accounts) {
      const recent = tickets.filter((t) => t.account_id === a.id && t.type !== 'log' && t.created_at >= now - standingWindowMs).map((t) => t.priority);
      expect(a.standing_adjustment).toBeCloseTo(accountStanding(recent).adjustment, 10);
    }
    const standing = new Map(accounts.map((a) => [a.id, a.standing_adjustment]));
    for (const t of tickets) expect(t.score).toBeCloseTo(basePriorityScore[t.priority] + standing.get(t.account_id)!, 10);
    expect(accounts.some((a) => a.standing_adjustment !== 0)).toBe(true);
  });

  test('the demo customer has tickets, an active main license with an add-on, a pending one and points', async () => {
    const [demo] = await db.query<{ account_id: number }>(`SELECT account_id FROM users WHERE email = 'customer@example.com'`);
    const tickets = await db.query<{ status: string }>('SELECT status FROM tickets WHERE account_id = $1', [demo!.account_id]);
    expect(tickets.length).toBeGreaterThanOrEqual(10);
    const licenses = await db.query<{ id: number; kind: string; status: string; parent_license_id: number | null }>(
      'SELECT id, kind, status, parent_license_id FROM licenses WHERE account_id = $1',
      [demo!.account_id],
    );
    const main = licenses.find((l) => l.kind === 'main' && l.status === 'active');
    expect(main).toBeDefined();
    expect(licenses.some((l) => l.kind === 'addon' && l.parent_license_id === main!.id)).toBe(true);
    expect(licenses.some((l) => l.status === 'pending')).toBe(true);
    const [balance] = await db.query<{ points: number }>('SELECT coalesce(sum(points), 0)::int AS points FROM ledger_entries WHERE account_id = $1', [demo!.account_id]);
    expect(balance!.points).toBeGreaterThan(0);
    const [engineer] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.email = 'engineer@example.com'`,
    );
    expect(engineer!.n).toBeGreaterThan(10);
  });

  test('billing has pending orders of different ages, and invoices in both states', async () => {
    const pending = await db.query<{ created_at: number }>(`SELECT created_at FROM orders WHERE status = 'pending' ORDER BY created_at`);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(pending.at(-1)!.created_at - pending[0]!.created_at).toBeGreaterThan(3_600_000);
    const invoices = (await db.query<{ status: string }>('SELECT DISTINCT status FROM invoices')).map((r) => r.status);
    expect(invoices).toEqual(expect.arrayContaining(['paid', 'unpaid']));
    const [unlinked] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders o JOIN invoices i ON i.id = o.invoice_id WHERE i.status <> 'paid' OR i.account_id <> o.account_id`,
    );
    expect(unlinked!.n).toBe(0);
  });

  test('the file area follows the seed\'s structure', async () => {
    const folders = await db.query<{ path: string; access: string }>(`
      WITH RECURSIVE tree AS (
        SELECT id, name::text AS path, access FROM file_folders WHERE parent_id IS NULL
        UNION ALL SELECT f.id, tree.path || '/' || f.name, f.access FROM file_folders f JOIN tree ON f.parent_id = tree.id)
      SELECT path, access FROM tree`);
    const byPath = new Map(folders.map((f) => [f.path, f.access]));
    expect(byPath.get('X-Cart/X-Cart 4.1.x (current version)/Distribution kits')).toBe('product');
    expect(byPath.get('X-Cart/X-Cart supporting files for prev versions/Miscellaneous')).toBe('product');
    expect(byPath.get('LiteCommerce/Add-ons (commercial)')).toBe('addon');
    expect(byPath.get('LiteCommerce/Add-ons (free)')).toBe('free');
    expect(byPath.get('LiteCommerce/LC 2.2.35 (current version)')).toBe('product');
    expect(byPath.get('Sales-n-Stats')).toBe('free');
    const [files] = await db.query<{ n: number; unpublished: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT published)::int AS unpublished FROM files WHERE folder_id IS NOT NULL',
    );
    expect(files!.n).toBeGreaterThan(20);
    expect(files!.unpublished).toBe(0);
  });

  test('every foreign key holds (PGlite inserts them without per-row checks)', async () => {
    const fks = await db.query<{ child: string; col: string; parent: string; pcol: string }>(`
      SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, pa.attname AS pcol
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`);
    expect(fks.length).toBeGreaterThan(20);
    for (const fk of fks) {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${fk.child} c WHERE c.${fk.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE p.${fk.pcol} = c.${fk.col})`,
      );
      expect(row!.n, `${fk.child}.${fk.col} -> ${fk.parent}.${fk.pcol}`).toBe(0);
    }
  });

  test('sequences continue after the explicit ids, and a new sync epoch is set', async () => {
    for (const table of ['users', 'accounts', 'licenses', 'tickets', 'ticket_messages', 'invoices', 'orders', 'file_folders']) {
      const [row] = await db.query<{ next: number; max: number }>(
        `SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS next, (SELECT max(id) FROM ${table}) AS max`,
      );
      expect(row!.next, table).toBeGreaterThan(row!.max);
    }
    const [num] = await db.query<{ next: number; max: number }>(`SELECT nextval('ticket_number_seq') AS next, (SELECT max(number) FROM tickets) AS max`);
    expect(num!.next).toBe(num!.max + 1);
    const [epoch] = await db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'sync.epoch'`);
    expect(epoch!.value).toMatch(/^[A-Za-z0-9_-]{8}$/);
    const [changes] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM changes');
    expect(changes!.n).toBe(0);
  });

  test('the FAQ holds the help page\'s questions and the life cycle', async () => {
    const titles = (await db.query<{ title: string }>('SELECT title FROM faq_articles')).map((r) => r.title);
    expect(titles.length).toBeGreaterThanOrEqual(14);
    expect(titles).toContain('How to transfer the license to another party?');
    expect(titles).toContain('Tickets "life cycle"');
    const articles = faqArticles();
    const transfer = articles.find((a) => a.title === 'How to transfer the license to another party?')!;
    expect(transfer.body).toMatch(/^You should submit a request to transfer your license:/);
    expect(transfer.body).not.toContain('How to transfer skin/add-on license?');
    expect(articles.every((a) => a.body.length > 100)).toBe(true);
  });
});

describe('seedIfEmpty', () => {
  test('generates into an empty database only', async () => {
    const db = await freshPglite();
    try {
      expect(await seedIfEmpty(db, { tickets: 30, now })).toBe(true);
      expect(await seedIfEmpty(db, { tickets: 30, now })).toBe(false);
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
      expect(row!.n).toBe(30);
    } finally {
      await db.close();
    }
  });
});

describe('generateDemoData on PostgreSQL', () => {
  const adminUrl = inject('postgresUrl');
  const urls: string[] = [];
  const open: Database[] = [];
  const freshPostgres = async (): Promise<string> => {
    const url = await createTestDatabase(adminUrl);
    urls.push(url);
    return url;
  };
  const connect = async (url: string): Promise<Database> => {
    const db = await openPostgres(url);
    open.push(db);
    return db;
  };

  afterAll(async () => {
    await Promise.all(open.map((db) => db.close()));
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      for (const url of urls) await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  test('two servers starting at once seed the database once', async () => {
    const url = await freshPostgres();
    const first = await connect(url);
    await migrate(first);
    const second = await connect(url);
    const results = await Promise.all([seedIfEmpty(first, { tickets: 20, now }), seedIfEmpty(second, { tickets: 20, now })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [row] = await first.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
    expect(row!.n).toBe(20);
  });

  test('gives the same counts and tickets as PGlite for the same seed', async () => {
    const postgres = await connect(await freshPostgres());
    await migrate(postgres);
    const fromPostgres = await generateDemoData(postgres, { tickets: 100, seed, now });
    const lite = await freshPglite();
    try {
      const fromPglite = await generateDemoData(lite, { tickets: 100, seed, now });
      expect(fromPostgres).toEqual(fromPglite);
      expect(fromPostgres.tickets).toBe(100);
      expect(await ticketsDigest(postgres)).toBe(await ticketsDigest(lite));
      expect(await messagesDigest(postgres)).toBe(await messagesDigest(lite));
    } finally {
      await lite.close();
    }
  });
});
