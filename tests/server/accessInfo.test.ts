/**
 * Access info (server credentials a customer posts for a ticket): encrypted at rest with
 * AES-256-GCM, revealed only to the assigned engineer or an admin, every reveal audited,
 * never part of the sync data that consoles cache.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { AccessInfoCipher } from '../../src/server/tickets/accessInfoCipher';
import { parseBootstrapPage } from '../../src/shared/sync/protocol';
import { backends, cursorAt, startTestServer, type TestServer } from '../support/testServer';

describe('AccessInfoCipher', () => {
  const cipher = new AccessInfoCipher(randomBytes(32));
  const text = 'ssh root@shop.example.com, password: hunter2';

  it('round-trips, with a fresh IV each time', () => {
    const a = cipher.seal(text);
    const b = cipher.seal(text);
    expect(cipher.open(a)).toBe(text);
    expect(cipher.open(b)).toBe(text);
    expect(a.iv).toHaveLength(12);
    expect(a.authTag).toHaveLength(16);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.includes(Buffer.from('hunter2'))).toBe(false);
  });

  it('refuses a tampered ciphertext, tag or IV, and a truncated tag', () => {
    const sealed = cipher.seal(text);
    const flip = (buf: Buffer, i: number) => {
      const copy = Buffer.from(buf);
      copy[i] = copy[i]! ^ 0x01;
      return copy;
    };
    for (let i = 0; i < sealed.ciphertext.length; i += 7) expect(() => cipher.open({ ...sealed, ciphertext: flip(sealed.ciphertext, i) })).toThrow();
    expect(() => cipher.open({ ...sealed, authTag: flip(sealed.authTag, 0) })).toThrow();
    expect(() => cipher.open({ ...sealed, iv: flip(sealed.iv, 3) })).toThrow();
    expect(() => cipher.open({ ...sealed, ciphertext: sealed.ciphertext.subarray(1) })).toThrow();
    // A truncated tag would check only its first bytes: refused whatever its length.
    for (const n of [4, 8, 12, 15]) expect(() => cipher.open({ ...sealed, authTag: sealed.authTag.subarray(0, n) }), `${n}-byte tag`).toThrow();
    expect(cipher.open(sealed)).toBe(text);
  });

  it('refuses another key', () => {
    const sealed = cipher.seal(text);
    expect(() => new AccessInfoCipher(randomBytes(32)).open(sealed)).toThrow();
  });

  it('takes only a 32-byte key', () => {
    expect(() => new AccessInfoCipher(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => new AccessInfoCipher(Buffer.alloc(0))).toThrow(/32 bytes/);
  });
});

describe.each(backends)('access info on %s', (backend) => {
  let s: TestServer;
  let customer: string, dispatcher: string, engineer: string, otherEngineer: string, admin: string, billing: string;
  let number: number, ticketId: number;
  const secret = 'FTP ftp.carlas-crafts.example user=carla pass=Tr0ub4dor&3';
  const second = 'MySQL admin / s3cr3t-db-pass';

  const reveal = (token: string, id = ticketId) => s.api('GET', `/api/staff/tickets/${id}/access-info`, { token });
  const reveals = async () =>
    s.ctx.db.query<{ actor: number; entity: string; entityId: number; details: Record<string, unknown> }>(
      `SELECT actor_user_id AS actor, entity, entity_id AS "entityId", details FROM audit_log WHERE action = 'access_info.reveal' ORDER BY id`,
    );

  beforeAll(async () => {
    s = await startTestServer(backend);
    customer = await s.login('customer@example.com');
    dispatcher = await s.login('dispatcher@example.com');
    engineer = await s.login('engineer@example.com');
    admin = await s.login('admin@example.com');
    billing = await s.login('billing@example.com');

    // A second engineer in Tech support: sees the ticket through its department, is not assigned.
    const [tech] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);
    const [u] = await s.ctx.db.query<{ id: number }>(
      `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('engineer2@example.org', 'Erin Engineer', 'staff.engineer', $1, $2) RETURNING id`,
      [await hashPassword('erin-secret'), s.clock.now()],
    );
    await s.ctx.db.query('INSERT INTO staff_departments (user_id, department_id) VALUES ($1, $2)', [u!.id, tech!.id]);
    const login = await s.api('POST', '/api/auth/login', { body: { email: 'engineer2@example.org', password: 'erin-secret' } });
    otherEngineer = login.body.token;

    const created = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: 'Site down after upgrade', body: 'Please have a look, access info follows.' } });
    expect(created.status).toBe(201);
    number = created.body.number;
    ticketId = (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [number]))[0]!.id;
  });
  afterAll(() => s.close());

  it('stores what a customer posts (201) as ciphertext only', async () => {
    const res = await s.api('POST', `/api/customer/tickets/${number}/access-info`, { token: customer, body: { text: secret } });
    expect(res).toEqual({ status: 201, body: { stored: true } });
    const rows = await s.ctx.db.query<{ ciphertext: Uint8Array; iv: Uint8Array; authTag: Uint8Array; createdBy: number }>(
      'SELECT ciphertext, iv, auth_tag AS "authTag", created_by AS "createdBy" FROM access_infos WHERE ticket_id = $1',
      [ticketId],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.createdBy).toBe(s.ids['customer@example.com']);
    const stored = Buffer.concat([Buffer.from(row.ciphertext), Buffer.from(row.iv), Buffer.from(row.authTag)]);
    for (const piece of [secret, 'Tr0ub4dor&3', 'carlas-crafts']) {
      expect(stored.includes(Buffer.from(piece, 'utf8'))).toBe(false);
      expect(stored.toString('latin1')).not.toContain(piece);
    }
    expect(Buffer.from(row.ciphertext)).toHaveLength(Buffer.byteLength(secret));
    // The text is in no other table either: not in the audit log, not in the change log.
    const [{ hits }] = (await s.ctx.db.query<{ hits: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log WHERE details::text LIKE $1) + (SELECT count(*)::int FROM changes WHERE payload::text LIKE $1)
            + (SELECT count(*)::int FROM ticket_messages WHERE body LIKE $1) AS hits`,
      ['%Tr0ub4dor%'],
    )) as [{ hits: number }];
    expect(hits).toBe(0);
    const [posted] = await s.ctx.db.query<{ actor: number }>(`SELECT actor_user_id AS actor FROM audit_log WHERE action = 'access_info.post' AND entity_id = $1`, [ticketId]);
    expect(posted?.actor).toBe(s.ids['customer@example.com']);
  });

  it('the secondary user may post too; the customer never gets it back', async () => {
    const webmaster = await s.login('webmaster@example.com');
    const res = await s.api('POST', `/api/customer/tickets/${number}/access-info`, { token: webmaster, body: { text: second } });
    expect(res.status).toBe(201);
    const seen = await s.api('GET', `/api/customer/tickets/${number}`, { token: customer });
    expect(JSON.stringify(seen.body)).not.toMatch(/Tr0ub4dor|s3cr3t/);
  });

  it('is not part of what consoles sync and cache', async () => {
    const page = await s.api<string>('GET', '/api/sync/bootstrap?limit=20000', { token: admin });
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/Tr0ub4dor|s3cr3t/);
    const changes = await s.api('GET', `/api/sync/changes?cursor=${s.ctx.epoch}:0&limit=10000`, { token: admin });
    expect(JSON.stringify(changes.body)).not.toMatch(/Tr0ub4dor|s3cr3t/);
  });

  it('refuses an engineer who is not assigned (403 not_yours), even one whose department holds the ticket', async () => {
    const before = await reveals();
    for (const token of [engineer, otherEngineer]) {
      const res = await reveal(token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'not_yours', message: expect.stringMatching(/assigned/) });
      expect(JSON.stringify(res.body)).not.toMatch(/Tr0ub4dor/);
    }
    expect(await reveals()).toEqual(before);
  });

  it('refuses the dispatcher, billing and customers (403 forbidden)', async () => {
    const before = await reveals();
    for (const token of [dispatcher, billing, customer, await s.login('webmaster@example.com')]) {
      const res = await reveal(token);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
      expect(JSON.stringify(res.body)).not.toMatch(/Tr0ub4dor/);
    }
    expect((await s.api('GET', `/api/staff/tickets/${ticketId}/access-info`)).status).toBe(401);
    expect(await reveals()).toEqual(before);
  });

  it('reveals to the assigned engineer, and audits it', async () => {
    const [tech] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);
    const push = await s.api('POST', '/api/sync/push', {
      token: dispatcher,
      body: {
        clientId: 'dispatcher-access-info',
        mutations: [{ id: 1, name: 'ticket.classify', args: { ticketId, type: 'tech', departmentId: tech!.id, cost: 0, assigneeId: s.ids['engineer@example.com'] } }],
      },
    });
    expect(push.body.results[0]).toEqual({ id: 1, status: 'applied', error: null });

    const before = await reveals();
    const res = await reveal(engineer);
    expect(res.status).toBe(200);
    expect(res.body.entries.map((e: { text: string }) => e.text)).toEqual([secret, second]);
    for (const e of res.body.entries) expect(e).toEqual({ id: expect.any(Number), text: expect.any(String), createdAt: s.clock.now() });
    const after = await reveals();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({ actor: s.ids['engineer@example.com'], entity: 'ticket', entityId: ticketId, details: { entries: 2 } });
    expect(JSON.stringify(after)).not.toMatch(/Tr0ub4dor/);

    // Still refused to the engineer who is not assigned.
    expect((await reveal(otherEngineer)).body.error).toBe('not_yours');
  });

  it('reveals to an admin, and audits every reveal', async () => {
    const before = await reveals();
    for (let i = 0; i < 2; i++) {
      const res = await reveal(admin);
      expect(res.status).toBe(200);
      expect(res.body.entries.map((e: { text: string }) => e.text)).toEqual([secret, second]);
    }
    const after = await reveals();
    expect(after.slice(before.length)).toEqual([
      { actor: s.ids['admin@example.com'], entity: 'ticket', entityId: ticketId, details: { entries: 2 } },
      { actor: s.ids['admin@example.com'], entity: 'ticket', entityId: ticketId, details: { entries: 2 } },
    ]);
  });

  it("filtering the audit by the ticket's account lists each reveal and post, with who and which ticket", async () => {
    const [{ accountId }] = (await s.ctx.db.query<{ accountId: number }>('SELECT account_id AS "accountId" FROM tickets WHERE id = $1', [ticketId])) as [{ accountId: number }];
    const page = await s.api('GET', `/api/admin/audit?accountId=${accountId}&action=access_info.&limit=100`, { token: admin });
    expect(page.status).toBe(200);
    const seen = (page.body.entries as Array<{ action: string; actorUserId: number; actorName: string; entity: string; entityId: number; accountId: number }>)
      .filter((e) => e.entityId === ticketId)
      .map((e) => ({ action: e.action, actorUserId: e.actorUserId, actorName: e.actorName, entity: e.entity, accountId: e.accountId }))
      .reverse();
    const names = new Map((await s.ctx.db.query<{ id: number; name: string }>('SELECT id, name FROM users')).map((u) => [u.id, u.name]));
    const row = (action: string, email: string) => ({ action, actorUserId: s.ids[email], actorName: names.get(s.ids[email]!), entity: 'ticket', accountId });
    expect(seen).toEqual([
      row('access_info.post', 'customer@example.com'),
      row('access_info.post', 'webmaster@example.com'),
      row('access_info.reveal', 'engineer@example.com'),
      row('access_info.reveal', 'admin@example.com'),
      row('access_info.reveal', 'admin@example.com'),
    ]);
    // Another account's filter does not list them.
    const other = await s.api('GET', `/api/admin/audit?accountId=${accountId + 100000}&action=access_info.reveal`, { token: admin });
    expect(other.body.entries).toEqual([]);
  });

  it('is refused to the engineer once the ticket is assigned to someone else', async () => {
    const push = await s.api('POST', '/api/sync/push', {
      token: dispatcher,
      body: { clientId: 'dispatcher-access-info', mutations: [{ id: 2, name: 'ticket.assign', args: { ticketId, assigneeId: s.ids['admin@example.com'] } }] },
    });
    expect(push.body.results[0].status).toBe('applied');
    expect((await reveal(engineer)).body.error).toBe('not_yours');
  });

  it('answers 404 for a missing ticket and 400 for a bad id, without an audit row', async () => {
    const before = await reveals();
    const missing = await reveal(admin, 987_654_321);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
    expect((await s.api('GET', '/api/staff/tickets/x1/access-info', { token: admin })).status).toBe(400);
    expect(await reveals()).toEqual(before);
  });

  it('reveals an empty list for a ticket without access info (and still audits the look)', async () => {
    const created = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'sales', subject: 'Prices', body: 'How much?' } });
    const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [created.body.number]);
    const before = await reveals();
    const res = await reveal(admin, t!.id);
    expect(res).toEqual({ status: 200, body: { entries: [] } });
    expect(await reveals()).toHaveLength(before.length + 1);
  });

  it('posting access info pokes the ticket row with hasAccessInfo, so consoles offer the reveal live', async () => {
    const created = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: 'Store offline', body: 'Access follows.' } });
    const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [created.body.number]);
    const ticketChanges = async (since: number) => {
      const res = await s.api('GET', `/api/sync/changes?cursor=${await cursorAt(s, admin, since)}&limit=10000`, { token: admin });
      expect(res.status).toBe(200);
      return (res.body.changes as Array<{ entity: string; entityId: number; op: string; payload: Record<string, unknown> | null }>).filter((c) => c.entity === 'ticket' && c.entityId === t!.id);
    };
    const head = async () => Number((await s.ctx.db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1'))[0]!.seq);
    expect((await ticketChanges(0)).at(-1)?.payload).toMatchObject({ id: t!.id, hasAccessInfo: false });

    const before = await head();
    expect((await s.api('POST', `/api/customer/tickets/${created.body.number}/access-info`, { token: customer, body: { text: secret } })).status).toBe(201);
    const poked = await ticketChanges(before);
    expect(poked).toHaveLength(1);
    expect(poked[0]).toMatchObject({ op: 'upsert', payload: { id: t!.id, number: created.body.number, hasAccessInfo: true } });
    expect(JSON.stringify(poked)).not.toMatch(/Tr0ub4dor/);
    // A second post changes nothing the console shows, but still says so; the bootstrap has the flag too.
    const again = await head();
    await s.api('POST', `/api/customer/tickets/${created.body.number}/access-info`, { token: customer, body: { text: second } });
    expect((await ticketChanges(again)).map((c) => c.payload?.hasAccessInfo)).toEqual([true]);
    const rows: Array<{ entity: string; row: Record<string, unknown> }> = [];
    for (let after: string | null = ''; after !== null; ) {
      const page = await s.api<string>('GET', `/api/sync/bootstrap?limit=10000${after ? `&after=${after}` : ''}`, { token: admin });
      const parsed = parseBootstrapPage(page.body);
      rows.push(...parsed.rows);
      after = parsed.end.next;
    }
    expect(rows.find((r) => r.entity === 'ticket' && r.row.id === t!.id)?.row).toMatchObject({ hasAccessInfo: true });
  });
});
