/**
 * The change log under concurrent writers: a reader following the cursor never skips a seq,
 * and bootstrap (taken while writes go on, in tiny pages) plus the changes after its cursor
 * equals the server's final state for the role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBootstrapPage, syncEntities, type Change } from '../../src/shared/sync/protocol';
import { queryBuilder, sql } from '../../src/server/db/queryBuilder';
import { entityDefs } from '../../src/server/sync/entities';
import { scopesOf } from '../../src/server/sync/scopes';
import { bootstrapPage } from '../../src/server/sync/bootstrap';
import { backends, startTestServer, type TestServer } from '../support/testServer';

type Row = Record<string, unknown> & { id: number; version: number };

/** A minimal client store applying SYNC.md's rules: deletes always, upserts unless older. */
class MirrorStore {
  rows = new Map<string, Row>();
  upsert(entity: string, row: Row): void {
    const key = `${entity}:${row.id}`;
    const have = this.rows.get(key);
    if (!have || row.version >= have.version) this.rows.set(key, row);
  }
  apply(c: Change): void {
    if (c.op === 'delete') this.rows.delete(`${c.entity}:${c.entityId}`);
    else this.upsert(c.entity, c.payload as Row);
  }
}

describe.each(backends)('change log on %s', (backend) => {
  let s: TestServer;
  let customer: string;
  let ticketIds: number[] = [];

  beforeAll(async () => {
    s = await startTestServer(backend);
    customer = await s.login('customer@example.com');
  });
  afterAll(() => s.close());

  /** Many concurrent writers: customers opening tickets, staff replying, assigning and forwarding. */
  async function concurrentWrites(rounds: number): Promise<void> {
    const dispatcher = await s.login('dispatcher@example.com');
    const depts = (await s.ctx.db.query<{ id: number }>('SELECT id FROM departments ORDER BY id')).map((d) => d.id);
    let mutationId = (await s.ctx.db.query<{ last: number }>(`SELECT coalesce(max(last_mutation_id), 0)::int AS last FROM sync_clients WHERE client_id = 'writer'`))[0]!.last;
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < rounds; i++) {
      jobs.push(
        s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: `concurrent ${i}`, body: `body ${i}` } }).then(async (r) => {
          const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [r.body.number]);
          ticketIds.push(t!.id);
        }),
      );
    }
    await Promise.all(jobs);
    // Staff work goes through one client's ordered pushes, other customers' messages in parallel.
    const mutations = ticketIds.slice(-rounds).flatMap((ticketId, i) => [
      { id: ++mutationId, name: 'ticket.forward', args: { ticketId, departmentId: depts[i % depts.length]! } },
      { id: ++mutationId, name: 'ticket.assign', args: { ticketId, assigneeId: i % 2 ? s.ids['engineer@example.com']! : null } },
    ]);
    await Promise.all([
      s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'writer', mutations } }),
      ...ticketIds.slice(-rounds).map((id, i) =>
        s.ctx.db.query<{ number: number }>('SELECT number FROM tickets WHERE id = $1', [id]).then(([t]) =>
          s.api('POST', `/api/customer/tickets/${t!.number}/messages`, { token: customer, body: { body: `follow-up ${i}` } }),
        ),
      ),
    ]);
  }

  it('sends bootstrap rows as arrays whose columns line names every field of the change log\'s rows, in order', async () => {
    for (const entity of syncEntities) {
      const def = entityDefs[entity];
      // One row of nulls carrying every key, whether or not the table has rows.
      const { rows: [raw] } = await sql<{ row: Record<string, unknown> }>`
        SELECT row_to_json(x) AS row FROM (SELECT ${def.columns} FROM (SELECT 1) one LEFT JOIN ${def.from} ON false) x`.execute(queryBuilder(s.ctx.db));
      // The columns are named in snake_case (the query builder's CamelCasePlugin): their wire names.
      const probe = { row: Object.fromEntries(Object.keys(raw!.row).map((k) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), null])) };
      expect(def.fields, entity).toEqual(Object.keys(probe!.row));
    }
  });

  it('never lets a reader skip a seq while writers commit concurrently', async () => {
    const admin = await s.login('admin@example.com');
    const boot = await s.api('GET', '/api/sync/bootstrap?limit=20000', { token: admin });
    let cursor = JSON.parse((boot.body as string).trim().split('\n').at(-1)!).snapshotCursor as string;
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const r = await s.api('GET', `/api/sync/changes?cursor=${cursor}&limit=3`, { token: admin });
        expect(r.status).toBe(200);
        seen.push(...r.body.changes.map((c: Change) => c.seq));
        cursor = r.body.cursor;
      }
    })();
    await concurrentWrites(30);
    writing = false;
    await reader;
    for (;;) {
      const r = await s.api('GET', `/api/sync/changes?cursor=${cursor}&limit=50`, { token: admin });
      seen.push(...r.body.changes.map((c: Change) => c.seq));
      cursor = r.body.cursor;
      if (r.body.upToDate) break;
    }
    const user = (await s.api('GET', '/api/auth/session', { token: admin })).body.user;
    const expected = (await s.ctx.db.query<{ seq: number }>('SELECT seq FROM changes WHERE seq > $1 AND scopes && $2::text[] ORDER BY seq', [
      Number(JSON.parse((boot.body as string).trim().split('\n').at(-1)!).snapshotCursor.split(':')[1]),
      scopesOf(user),
    ])).map((r) => r.seq);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen).toEqual(expected);
  });

  it.each(['staff.dispatcher', 'staff.engineer', 'staff.billing'] as const)('bootstrap during writes + changes equals the final state for %s', async (role) => {
    const email = { 'staff.dispatcher': 'dispatcher@example.com', 'staff.engineer': 'engineer@example.com', 'staff.billing': 'billing@example.com' }[role];
    const token = await s.login(email);
    const mirror = new MirrorStore();
    let after: string | null = null;
    let snapshotCursor = '';
    let page = 0;
    const writes = concurrentWrites(10);
    do {
      const r: { status: number; body: string } = await s.api('GET', `/api/sync/bootstrap?limit=7${after ? `&after=${after}` : ''}`, { token });
      expect(r.status).toBe(200);
      const { rows, end } = parseBootstrapPage(r.body);
      for (const l of rows) mirror.upsert(l.entity, l.row as Row);
      if (page++ === 0) snapshotCursor = end.snapshotCursor;
      after = end.next;
    } while (after);
    await writes;
    let cursor = snapshotCursor;
    for (;;) {
      const r = await s.api('GET', `/api/sync/changes?cursor=${cursor}&limit=5`, { token });
      for (const c of r.body.changes as Change[]) mirror.apply(c);
      cursor = r.body.cursor;
      if (r.body.upToDate) break;
    }
    const user = (await s.api('GET', '/api/auth/session', { token })).body.user;
    const truth = await bootstrapPage(s.ctx.db, s.ctx.epoch, scopesOf(user), undefined, 1_000_000);
    expect(truth.end.next).toBeNull();
    const expected = new Map(truth.rows.map((r) => [`${r.entity}:${(r.row as Row).id}`, r.row]));
    expect(page).toBeGreaterThan(1);
    expect(mirror.rows.size).toBe(expected.size);
    expect(Object.fromEntries(mirror.rows)).toEqual(Object.fromEntries(expected));
  });
});
