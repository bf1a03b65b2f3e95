/**
 * The Communication center's list and search (GET /api/customer/tickets): filters, paging,
 * full-text search over the account's subjects and public messages (never internal notes,
 * never another account's tickets), hostile search strings, the pre-closed charge, the
 * new-ticket form's choices and the cross-posting check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('customer ticket list and search on %s', (backend) => {
  let s: TestServer;
  let customer: string, webmaster: string, other: string, engineer: string;
  let seq = 0;
  const create = async (token: string, body: Record<string, unknown>) => {
    const res = await s.api('POST', '/api/customer/tickets', { token, body: { type: 'tech', priority: 'normal', ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.number as number;
  };
  const list = (token: string, query: string) => s.api('GET', `/api/customer/tickets?${query}`, { token });
  const push = async (name: string, args: unknown) => {
    seq += 1;
    const res = await s.api('POST', '/api/sync/push', { token: engineer, body: { clientId: 'search-test-console', mutations: [{ id: seq, name, args }] } });
    expect(res.body.results[0].status, JSON.stringify(res.body)).toBe('applied');
  };
  const idOf = async (number: number) => (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [number]))[0]!.id;
  let checkout: number, invoice: number, hot: number, otherTicket: number;

  beforeAll(async () => {
    s = await startTestServer(backend);
    customer = await s.login('customer@example.com');
    webmaster = await s.login('webmaster@example.com');
    engineer = await s.login('admin@example.com');
    const hash = await hashPassword(demoPassword);
    const [acc] = await s.ctx.db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Other Shop', 'other@example.com', 0) RETURNING id`);
    const [u] = await s.ctx.db.query<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'other@example.com', 'Otto Other', 'customer.primary', $2, 0) RETURNING id`,
      [acc!.id, hash],
    );
    await s.ctx.db.query('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [acc!.id, u!.id]);
    other = await s.login('other@example.com');

    checkout = await create(customer, { subject: 'Checkout page is blank', body: 'After the upgrade the checkout shows nothing.', priority: 'major' });
    invoice = await create(webmaster, { type: 'sales', subject: 'Question about an invoice', body: 'We were billed twice for the zanzibarite add-on.' });
    hot = await create(customer, { type: 'project', subject: 'Install our new skin', body: 'Please install it.', hotRush: true, priority: 'minor' });
    otherTicket = await create(other, { subject: 'Checkout of another shop', body: 'Our quokkaberry gateway fails. Checkout page blank too.' });
    // An internal note on the customer's ticket: its words must never be found by the customer.
    await push('ticket.note', { ticketId: await idOf(checkout), body: 'internal: customer uses platypusware hosting' });
  });
  afterAll(() => s?.close());

  it('lists the account\'s tickets newest first, for the primary and the secondary user alike, never another account\'s', async () => {
    for (const token of [customer, webmaster]) {
      const res = await list(token, '');
      expect(res.status).toBe(200);
      const numbers = res.body.tickets.map((t: { number: number }) => t.number);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(numbers).toEqual(expect.arrayContaining([checkout, invoice, hot]));
      expect(numbers).not.toContain(otherTicket);
    }
  });

  it('filters by type, priority, HotRush and status, and pages with before', async () => {
    const numbers = async (q: string) => (await list(customer, q)).body.tickets.map((t: { number: number }) => t.number);
    expect(await numbers('type=project')).toEqual([hot]);
    expect(await numbers('type=sales')).toEqual([invoice]);
    expect(await numbers('priority=major')).toEqual([checkout]);
    expect(await numbers('hotRush=true')).toEqual([hot]);
    expect(await numbers('hotRush=false&type=tech')).toEqual([checkout]);
    expect(await numbers('status=closed')).toEqual([]);
    const first = await list(customer, 'limit=2');
    expect(first.body.tickets).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.tickets[1].number);
    const second = await list(customer, `limit=2&before=${first.body.nextBefore}`);
    expect(second.body.tickets[0].number).toBeLessThan(first.body.nextBefore);
    const bad = await list(customer, 'type=nonsense&hotRush=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['query.hotRush', 'query.type']);
  });

  it('finds a ticket by a word only in one of its messages, and shows where it matched', async () => {
    const res = await list(webmaster, 'q=zanzibarite');
    expect(res.status).toBe(200);
    expect(res.body.tickets.map((t: { number: number }) => t.number)).toEqual([invoice]);
    const hit = res.body.tickets[0].hit;
    expect(hit.in).toBe('message');
    expect(hit.messageId).toEqual(expect.any(Number));
    expect(hit.snippet).toContainEqual({ text: 'zanzibarite', match: true });
    expect(hit.snippet.map((p: { text: string }) => p.text).join('')).toContain('billed twice for the zanzibarite add-on');

    const bySubject = await list(customer, 'q=blank');
    expect(bySubject.body.tickets.map((t: { number: number }) => t.number)).toEqual([checkout]);
    expect(bySubject.body.tickets[0].hit).toMatchObject({ in: 'subject', messageId: null });
    expect(bySubject.body.tickets[0].hit.snippet).toContainEqual({ text: 'blank', match: true });

    const byNumber = await list(customer, `q=%23${hot}`);
    expect(byNumber.body.tickets.map((t: { number: number }) => t.number)).toEqual([hot]);
    expect(byNumber.body.tickets[0].hit.in).toBe('number');

    const phrase = await list(customer, `q=${encodeURIComponent('"checkout shows nothing" -skin')}`);
    expect(phrase.body.tickets.map((t: { number: number }) => t.number)).toEqual([checkout]);
  });

  it('never finds another account\'s words, nor internal notes, and combines search with filters', async () => {
    expect((await list(customer, 'q=quokkaberry')).body.tickets).toEqual([]);
    expect((await list(other, 'q=quokkaberry')).body.tickets.map((t: { number: number }) => t.number)).toEqual([otherTicket]);
    expect((await list(other, 'q=zanzibarite')).body.tickets).toEqual([]);
    expect((await list(customer, `q=%23${otherTicket}`)).body.tickets).toEqual([]);
    expect((await list(customer, 'q=platypusware')).body.tickets).toEqual([]);
    expect((await list(customer, 'q=blank&type=sales')).body.tickets).toEqual([]);
  });

  it('answers hostile search strings without a 500', async () => {
    const hostile = [`'`, `"`, `"""`, `a & b | !c`, `!:*`, `&|!:*()<->`, `' OR 1=1 --`, `\\`, `%`, `-`, `or`, `a:*`, `<-> <2>`, `\u0002x\u0003`, `ünïcødé 日本語`];
    for (const q of hostile) {
      const res = await list(customer, `q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(res.body.tickets), q).toBe(true);
    }
    const long = await list(customer, `q=${encodeURIComponent('x'.repeat(10_000))}`);
    expect(long.status).toBe(400);
    expect(long.body.field ?? long.body.issues[0].field).toBe('query.q');
    const nul = await list(customer, `q=${encodeURIComponent('a\u0000b')}`);
    expect(nul.status).toBe(400);
  });

  it('tells what closing a pre-closed ticket will charge: its cost plus the HotRush surcharge', async () => {
    const surcharge = (await s.api('GET', '/api/customer/tickets/form', { token: customer })).body.hotRushSurcharge as number;
    expect(surcharge).toBeGreaterThan(0);
    const id = await idOf(hot);
    await s.ctx.db.query(`UPDATE tickets SET status = 'pre_closed', cost = 4, answered_at = $2, pre_closed_at = $2, clock_started_at = NULL WHERE id = $1`, [id, s.clock.now()]);
    const [row] = (await list(customer, 'type=project')).body.tickets;
    expect(row).toMatchObject({ number: hot, status: 'pre_closed', closeCharge: 4 + surcharge });
    const [plain] = (await list(customer, 'type=sales')).body.tickets;
    expect(plain.closeCharge).toBeNull();
  });

  it('gives both customer roles the form\'s licenses and surcharge, and only their own account\'s', async () => {
    const [lic] = await s.ctx.db.query<{ id: number }>(
      `INSERT INTO licenses (key, product, kind, product_version, url, account_id, status, created_at, updated_at)
       VALUES ('TEST-KEY-1', 'X-Cart Gold', 'main', '4.1.9', 'https://shop.example.com', $1, 'active', 0, 0) RETURNING id`,
      [(await s.ctx.db.query<{ a: number }>('SELECT account_id AS a FROM users WHERE email = $1', ['customer@example.com']))[0]!.a],
    );
    for (const token of [customer, webmaster]) {
      const res = await s.api('GET', '/api/customer/tickets/form', { token });
      expect(res.status).toBe(200);
      expect(res.body.licenses).toContainEqual({ id: lic!.id, url: 'https://shop.example.com', product: 'X-Cart Gold', edition: '', kind: 'main', productVersion: '4.1.9' });
    }
    const theirs = await s.api('GET', '/api/customer/tickets/form', { token: other });
    expect(theirs.body.licenses.map((l: { id: number }) => l.id)).not.toContain(lic!.id);
    expect((await s.api('GET', '/api/customer/tickets/form', { token: engineer })).status).toBe(403);
  });

  it('finds open tickets on a similar subject (cross-posting), not closed ones nor another account\'s', async () => {
    const similar = async (token: string, subject: string) =>
      (await s.api('GET', `/api/customer/tickets/form/similar?subject=${encodeURIComponent(subject)}`, { token })).body.tickets.map((t: { number: number }) => t.number);
    expect(await similar(webmaster, 'The checkout page is blank again')).toEqual([checkout]);
    expect(await similar(customer, 'Blank checkout')).toEqual([checkout]);
    expect(await similar(customer, 'How do I change my logo')).toEqual([]);
    expect(await similar(customer, 'the a of')).toEqual([]);
    expect(await similar(other, 'Invoice question')).toEqual([]);
    await s.api('POST', `/api/customer/tickets/${checkout}/close`, { token: customer });
    expect(await similar(customer, 'Checkout page is blank')).toEqual([]);
    const bad = await s.api('GET', '/api/customer/tickets/form/similar?subject=', { token: customer });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe('query.subject');
  });
});
