/**
 * The sync reads that grow with the data use their indexes on PostgreSQL: the change log's
 * read after a cursor, the bootstrap's pages and the change log's read of the rows a write
 * changed. The statements are taken from the server itself (its Database wrapped to record
 * what it runs), so the test follows the SQL wherever it is written, and each is explained
 * with the parameters it ran with.
 *
 * The tables hold a few thousand rows and are analysed, so the planner chooses as it would
 * in use; enable_seqscan stays on, since a plan that only avoids a sequential scan when
 * forbidden one would be the failure this test is for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/server/db/database';
import { cursorAt, openTestDatabase, startTestServer, type TestServer } from '../support/testServer';

interface Statement {
  text: string;
  params: readonly unknown[];
}

/** The database with every statement it runs (in transactions too) kept while `record` runs its function. */
function recorded(db: Database): { db: Database; record: (fn: () => Promise<unknown>) => Promise<Statement[]> } {
  let statements: Statement[] | null = null;
  const wrap = <Q extends Queryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, prop) {
        if (prop === 'query') {
          return (text: string, params: readonly unknown[] = []) => {
            statements?.push({ text, params });
            return target.query(text, params);
          };
        }
        if (prop === 'transaction') {
          return (fn: (tx: Queryable) => Promise<unknown>, ...rest: unknown[]) => (target as unknown as Database).transaction((tx) => fn(wrap(tx)), ...(rest as []));
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    db: wrap(db),
    async record(fn) {
      statements = [];
      try {
        await fn();
        return statements;
      } finally {
        statements = null;
      }
    },
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];

const bigTables = ['changes', 'tickets', 'ticket_messages'];

describe('the sync reads on PostgreSQL, on tables of a few thousand rows', () => {
  let raw: Database;
  let s: TestServer;
  let record: (fn: () => Promise<unknown>) => Promise<Statement[]>;
  let head: number;
  let customer: string;
  let ticketNumber: number;

  /** Each statement's plan nodes (statements that are not queries, such as SET or SAVEPOINT, left out). */
  async function plans(statements: Statement[]): Promise<PlanNode[][]> {
    const queries = statements.filter((st) => /^\s*(select|with|insert|update|delete)\b/i.test(st.text));
    return Promise.all(
      queries.map(async (st) => {
        const [row] = await raw.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${st.text}`, st.params);
        return nodesOf(row!['QUERY PLAN'][0]!.Plan);
      }),
    );
  }

  /** The scans of the large tables in these plans, as `node type on table`. */
  const scansOfBigTables = (nodes: PlanNode[]) =>
    nodes.filter((n) => n['Relation Name'] && bigTables.includes(n['Relation Name']) && /Scan$/.test(n['Node Type'])).map((n) => `${n['Node Type']} on ${n['Relation Name']}`);

  beforeAll(async () => {
    raw = await openTestDatabase('postgres');
    const recording = recorded(raw);
    record = recording.record;
    s = await startTestServer('postgres', { db: recording.db });
    const now = s.clock.now();
    const [{ dept }] = (await raw.query<{ dept: number }>(`SELECT id AS dept FROM departments WHERE name = 'Tech support'`)) as [{ dept: number }];
    // 6,000 tickets of one customer in Tech support, three messages each, and a change log of 20,000 entries.
    await raw.query(
      `INSERT INTO tickets (account_id, author_user_id, type, subject, priority, status, department_id, score, created_at, updated_at)
       SELECT u.account_id, u.id, 'tech', 'Plan ticket ' || g, 'normal', 'open', $1, 2, $2::bigint + g, $2::bigint + g
         FROM generate_series(1, 6000) g, users u WHERE u.email = 'customer@example.com'`,
      [dept, now],
    );
    await raw.query(
      `INSERT INTO ticket_messages (ticket_id, author_user_id, kind, body, created_at)
       SELECT t.id, t.author_user_id, 'customer', 'Message ' || m || ' of ' || t.subject, t.created_at + m
         FROM tickets t, generate_series(1, 3) m WHERE t.subject LIKE 'Plan ticket %'`,
    );
    await raw.query(
      `WITH base AS (SELECT seq FROM sync_counter WHERE id = 1), logged AS (
         INSERT INTO changes (seq, entity, entity_id, op, row_version, scopes, payload, at)
         SELECT base.seq + g, 'ticket', g, 'upsert', 1, ARRAY['tickets', 'dept:' || $1::bigint], '{}'::jsonb, $2::bigint FROM base, generate_series(1, 20000) g
         RETURNING seq)
       UPDATE sync_counter SET seq = (SELECT max(seq) FROM logged) WHERE id = 1`,
      [dept, now],
    );
    await raw.exec('ANALYZE');
    head = (await raw.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1'))[0]!.seq;
    customer = await s.login('customer@example.com');
    const [t] = await raw.query<{ number: number }>(`SELECT number FROM tickets WHERE subject = 'Plan ticket 3000'`);
    ticketNumber = t!.number;
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  it.each([
    ['dispatcher@example.com', 'far behind', 20_000],
    ['dispatcher@example.com', 'nearly current', 50],
    ['engineer@example.com', 'far behind', 20_000],
    ['engineer@example.com', 'nearly current', 50],
  ])('reads the change log after a cursor by its key (%s, %s)', async (email, _, behind) => {
    const token = await s.login(email);
    const cursor = await cursorAt(s, token, head - behind);
    const statements = await record(async () => {
      const res = await s.api('GET', `/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=1000`, { token });
      expect(res.status).toBe(200);
      expect(res.body.changes).toHaveLength(Math.min(behind, 1000));
    });
    const scans = (await plans(statements)).flatMap(scansOfBigTables);
    expect(scans).toContain('Index Scan on changes');
    expect(scans.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
  });

  it('reads every bootstrap page after the first by primary key', async () => {
    const token = await s.login('dispatcher@example.com');
    const page = async (after?: string) => {
      const res = await s.api('GET', `/api/sync/bootstrap?limit=250${after ? `&after=${encodeURIComponent(after)}` : ''}`, { token });
      expect(res.status).toBe(200);
      return JSON.parse((res.body as string).trim().split('\n').at(-1)!).next as string | null;
    };
    // The first page counts each entity's rows, which reads them all; the pages after it do not.
    let next = await page();
    const statements = await record(async () => {
      while (next) next = await page(next);
    });
    const scans = (await plans(statements)).flatMap(scansOfBigTables);
    expect(scans).toContain('Index Scan on tickets');
    expect(scans).toContain('Index Scan on ticket_messages');
    expect(scans.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
  });

  it('reads the rows a write changed by key when it logs them', async () => {
    const statements = await record(async () => {
      const res = await s.api('POST', `/api/customer/tickets/${ticketNumber}/messages`, { token: customer, body: { body: 'One more thing' } });
      expect(res.status).toBe(200);
    });
    const logging = (await plans(statements)).filter((nodes) => nodes.some((n) => n['Node Type'] === 'ModifyTable' && n['Relation Name'] === 'changes'));
    expect(logging.length).toBeGreaterThan(0);
    const scans = logging.flatMap(scansOfBigTables);
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
  });
});
