/**
 * Bad input always gets a clear 4xx naming the field and the reason: never a 500 and never a
 * partial write. Every refusal below is checked for its status, its code and field, the
 * `error` + `message` every 4xx JSON answer carries, and that no ticket, message, access
 * info or change-log entry appeared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { backends, cursorAt, startTestServer, type TestServer } from '../support/testServer';

type Res = { status: number; body: any };
type Opts = { token?: string; body?: unknown; headers?: Record<string, string> };

const day = 86_400_000;

describe.each(backends)('input validation on %s', (backend) => {
  let s: TestServer;
  let customer: string, dispatcher: string, otherCustomer: string;
  /** A ticket of the demo account that stays open. */
  let openNumber: number;
  let openId: number;
  /** A ticket of another account. */
  let foreignNumber: number;
  let foreignLicenseId: number, ownLicenseId: number;
  let techId: number;

  const counts = async () => {
    const [row] = await s.ctx.db.query<{ tickets: number; messages: number; accessInfos: number; changes: number; ledger: number }>(
      `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM ticket_messages) AS messages,
              (SELECT count(*)::int FROM access_infos) AS "accessInfos", (SELECT count(*)::int FROM changes) AS changes,
              (SELECT count(*)::int FROM ledger_entries) AS ledger`,
    );
    return row!;
  };

  /** Every 4xx JSON answer names a stable code and a sentence. */
  const expectRefusalShape = (res: Res) => {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body, `answer ${res.status} is JSON`).toBeTypeOf('object');
    expect(res.body.error).toEqual(expect.any(String));
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.message.length).toBeGreaterThan(0);
  };

  /** Sends a bad request; checks the refusal and that nothing was written. */
  const refused = async (method: string, url: string, opts: Opts, expected: { status: number; error?: string; field?: string; message?: RegExp }) => {
    const before = await counts();
    const res = await s.api(method, url, opts);
    expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
    expectRefusalShape(res);
    if (expected.error) expect(res.body.error).toBe(expected.error);
    if (expected.field) expect(res.body.field).toBe(expected.field);
    if (expected.message) expect(res.body.message).toMatch(expected.message);
    if (expected.field && res.body.error === 'validation_failed') expect(res.body.message.startsWith(`${expected.field}: `)).toBe(true);
    expect(await counts()).toEqual(before);
    return res;
  };

  const create = (token: string, body: Record<string, unknown>) => s.api('POST', '/api/customer/tickets', { token, body });
  const validTicket = { type: 'tech', subject: 'Checkout is blank', body: 'After the upgrade the checkout page is empty.' };

  beforeAll(async () => {
    s = await startTestServer(backend);
    customer = await s.login('customer@example.com');
    dispatcher = await s.login('dispatcher@example.com');

    // A second customer account, with a license of its own.
    const now = s.clock.now();
    const [acc] = await s.ctx.db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Other Shop', 'other@example.org', $1) RETURNING id`, [now]);
    await s.ctx.db.query(`INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'other@example.org', 'Otto Other', 'customer.primary', $2, $3)`, [
      acc!.id, await hashPassword('other-secret'), now,
    ]);
    const login = await s.api('POST', '/api/auth/login', { body: { email: 'other@example.org', password: 'other-secret' } });
    expect(login.status).toBe(200);
    otherCustomer = login.body.token;
    const [customerAccount] = await s.ctx.db.query<{ id: number }>(`SELECT account_id AS id FROM users WHERE email = 'customer@example.com'`);
    const license = async (key: string, accountId: number) =>
      (await s.ctx.db.query<{ id: number }>(`INSERT INTO licenses (key, product, kind, account_id, status, created_at, updated_at) VALUES ($1, 'X-Cart', 'main', $2, 'active', $3, $3) RETURNING id`, [key, accountId, now]))[0]!.id;
    foreignLicenseId = await license('OTHER-LICENSE-1', acc!.id);
    ownLicenseId = await license('OWN-LICENSE-1', customerAccount!.id);

    const foreign = await create(otherCustomer, { ...validTicket, subject: 'Other shop problem' });
    expect(foreign.status).toBe(201);
    foreignNumber = foreign.body.number;
    const own = await create(customer, validTicket);
    expect(own.status).toBe(201);
    openNumber = own.body.number;
    openId = (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [openNumber]))[0]!.id;
    techId = (await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`))[0]!.id;
  });
  afterAll(() => s.close());

  describe('creating a ticket', () => {
    it('accepts a valid ticket, with a license of its own account', async () => {
      const res = await create(customer, { ...validTicket, licenseId: ownLicenseId, productVersion: '4.1.9', priority: 'minor', hotRush: false });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ licenseId: ownLicenseId, productVersion: '4.1.9', priority: 'minor' });
    });

    it.each([
      ['subject', 42, /string/],
      ['body', { text: 'x' }, /string/],
      ['type', 5, /one of/],
      ['priority', 'urgent', /./],
      ['hotRush', 'yes', /boolean/],
      ['licenseId', '7', /number/],
      ['licenseId', 1.5, /int/],
      ['productVersion', 4.1, /string/],
    ])('refuses a wrong type: %s = %j', async (field, value, reason) => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, [field]: value } }, { status: 400, error: 'validation_failed', field: `body.${field}`, message: reason });
    });

    it('refuses the log type, which only the system writes', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, type: 'log' } }, { status: 400, field: 'body.type', message: /tech, sales, project, complaint/ });
    });

    it('refuses an unknown field, naming it', async () => {
      const res = await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, status: 'closed' } }, { status: 400, error: 'validation_failed', message: /unknown field.*status/ });
      expect(res.body.issues).toEqual([{ field: 'body', reason: expect.stringMatching(/status/) }]);
    });

    it.each(['type', 'subject', 'body'])('refuses a missing required field: %s', async (field) => {
      const body: Record<string, unknown> = { ...validTicket };
      delete body[field];
      await refused('POST', '/api/customer/tickets', { token: customer, body }, { status: 400, field: `body.${field}` });
    });

    it('names every failing field, not only the first', async () => {
      const res = await refused('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: '', body: 7 } }, { status: 400 });
      expect(res.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['body.body', 'body.subject']);
    });

    it.each([[''], ['   '], ['\n\t ']])('refuses an empty or whitespace subject %j', async (subject) => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, subject } }, { status: 400, field: 'body.subject', message: /must not be empty/ });
    });

    it('refuses a whitespace-only message body', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, body: '  \n ' } }, { status: 400, field: 'body.body', message: /must not be empty/ });
    });

    it('refuses a subject over 300 characters, and takes one of exactly 300', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, subject: 'x'.repeat(301) } }, { status: 400, field: 'body.subject', message: /at most 300/ });
      expect((await create(customer, { ...validTicket, subject: 'x'.repeat(300) })).status).toBe(201);
    });

    it('refuses text with NUL characters (PostgreSQL cannot store them) instead of failing with a 500', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, subject: 'bad\u0000subject' } }, { status: 400, field: 'body.subject' });
      await refused('POST', `/api/customer/tickets/${openNumber}/messages`, { token: customer, body: { body: 'a\u0000b' } }, { status: 400, field: 'body.body' });
      await refused('POST', `/api/customer/tickets/${openNumber}/messages`, { token: customer, body: { ['bo\u0000dy']: 'x' } }, { status: 400, field: 'body' });
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, productVersion: '4.1\u0000' } }, { status: 400, field: 'body.productVersion' });
      await refused('POST', '/api/auth/login', { body: { email: 'customer@example.com\u0000', password: 'switchboard' } }, { status: 400, field: 'body.email' });
    });

    it('rejects a pushed mutation with NUL characters on its own, so the rest of the batch goes on', async () => {
      const before = await counts();
      const res = await s.api('POST', '/api/sync/push', {
        token: dispatcher,
        body: {
          clientId: 'nul-client-1',
          mutations: [
            { id: 1, name: 'ticket.note', args: { ticketId: openId, body: 'x\u0000' } },
            { id: 2, name: 'ticket.note\u0000', args: { ticketId: openId, body: 'x' } },
            { id: 3, name: 'ticket.note', args: { ticketId: openId, ['body\u0000']: 'x' } },
            { id: 4, name: 'ticket.note', args: { ticketId: openId, body: 'fine' } },
          ],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.results.map((r: { status: string; error: { field?: string } | null }) => [r.status, r.error?.field ?? null])).toEqual([
        ['rejected', 'args.body'], ['rejected', 'name'], ['rejected', 'args'], ['applied', null],
      ]);
      expect(res.body.results[0].error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/NUL/) });
      expect((await counts()).messages).toBe(before.messages + 1);
    });

    it('refuses a license of another account, naming body.licenseId', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, licenseId: foreignLicenseId } }, { status: 400, error: 'unknown_license', field: 'body.licenseId' });
      await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, licenseId: 987654 } }, { status: 400, error: 'unknown_license', field: 'body.licenseId' });
    });

    it('refuses a body that is not an object', async () => {
      for (const body of ['[]', 'null', '"text"', '42']) {
        await refused('POST', '/api/customer/tickets', { token: customer, body, headers: { 'content-type': 'application/json' } }, { status: 400, field: 'body' });
      }
    });

    it('refuses a missing body', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer }, { status: 400, field: 'body' });
    });
  });

  describe('the request itself', () => {
    it('refuses invalid JSON text with 400', async () => {
      for (const text of ['{"type": "tech", "subject": ', '{subject: 1}', "{'a': 1}", '{"a":1,}']) {
        await refused('POST', '/api/customer/tickets', { token: customer, body: text, headers: { 'content-type': 'application/json' } }, { status: 400, field: 'body' });
      }
    });

    it('refuses an empty JSON body with 400', async () => {
      await refused('POST', '/api/customer/tickets', { token: customer, headers: { 'content-type': 'application/json' } }, { status: 400, field: 'body' });
    });

    it('refuses a deeply nested body with 400 before walking it, on every JSON route (sign-in included)', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const nested = `{"type":"tech","subject":"s","body":"b","x":${deep}}`;
      await refused('POST', '/api/customer/tickets', { token: customer, body: nested, headers: { 'content-type': 'application/json' } }, { status: 400, error: 'too_deep', field: 'body' });
      await refused('POST', '/api/auth/login', { body: `{"email":"customer@example.com","password":${deep}}`, headers: { 'content-type': 'application/json' } }, { status: 400, error: 'too_deep', field: 'body' });
      await refused('POST', '/api/sync/push', { token: dispatcher, body: `{"mutations":${deep}}`, headers: { 'content-type': 'application/json' } }, { status: 400, error: 'too_deep' });
      // Brackets inside strings are text, not nesting.
      const ok = await create(customer, { ...validTicket, body: `${'['.repeat(5000)} a message full of brackets` });
      expect(ok.status).toBe(201);
    });

    it("answers a malformed URL in the API's shape, naming the url", async () => {
      const res = await refused('GET', '/api/customer/tickets/%E0%A4%A', { token: customer }, { status: 400, error: 'bad_url', field: 'url' });
      expect(res.body.message).toMatch(/^url: /);
    });

    it('refuses a __proto__ key (prototype poisoning) with 400', async () => {
      const text = `{"type":"tech","subject":"s","body":"b","__proto__":{"admin":true}}`;
      await refused('POST', '/api/customer/tickets', { token: customer, body: text, headers: { 'content-type': 'application/json' } }, { status: 400 });
    });

    it('refuses a body over the 1 MiB limit with 413, naming the body', async () => {
      const res = await refused('POST', '/api/customer/tickets', { token: customer, body: { ...validTicket, body: 'x'.repeat(1024 * 1024 + 10) } }, { status: 413, error: 'body_too_large', field: 'body' });
      expect(res.body.message).toMatch(/1048576 bytes/);
    });

    it('refuses a message over 100000 characters that fits the byte limit', async () => {
      await refused('POST', `/api/customer/tickets/${openNumber}/messages`, { token: customer, body: { body: 'y'.repeat(100_001) } }, { status: 400, field: 'body.body', message: /at most 100000/ });
    });

    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses the content type %s with 415', async (type) => {
      const res = await refused('POST', '/api/customer/tickets', { token: customer, body: JSON.stringify(validTicket), headers: { 'content-type': type } }, { status: 415, error: 'unsupported_media_type', field: 'body' });
      expect(res.body.message).toMatch(/application\/json/);
    });

    it('takes application/json with a charset', async () => {
      const res = await s.api('POST', '/api/customer/tickets', { token: customer, body: JSON.stringify(validTicket), headers: { 'content-type': 'application/json; charset=utf-8' } });
      expect(res.status).toBe(201);
    });

    it.each(['abc', '0', '-3', '1.5', '99999999999999999999', '%20'])('refuses the ticket number %j in the path, naming params.number', async (bad) => {
      await refused('GET', `/api/customer/tickets/${bad}`, { token: customer }, { status: 400, error: 'validation_failed', field: 'params.number', message: /ticket number/ });
      await refused('POST', `/api/customer/tickets/${bad}/messages`, { token: customer, body: { body: 'hello' } }, { status: 400, field: 'params.number' });
    });

    it('refuses a bad id in a staff path, naming params.id', async () => {
      const admin = await s.login('admin@example.com');
      await refused('GET', '/api/staff/tickets/abc/access-info', { token: admin }, { status: 400, field: 'params.id' });
    });

    it('reads ids in paths and queries as decimal digits only: 0x10, 1e1, " 7" and 2^53 are refused, not read as 16, 10, 7 or a rounded id', async () => {
      const admin = await s.login('admin@example.com');
      for (const bad of ['0x10', '1e1', '%207', '+7', '07', '9007199254740993', '-1', '0', '1.0']) {
        await refused('GET', `/api/customer/tickets/${bad}`, { token: customer }, { status: 400, field: 'params.number', message: /must be a ticket number/ });
        await refused('GET', `/api/staff/tickets/${bad}/access-info`, { token: admin }, { status: 400, field: 'params.id' });
      }
      await refused('GET', '/api/customer/tickets?before=1e3', { token: customer }, { status: 400, field: 'query.before' });
      expect((await s.api('GET', `/api/customer/tickets/${openNumber}`, { token: customer })).status).toBe(200);
    });

    it('refuses unknown and invalid query keys', async () => {
      await refused('GET', '/api/customer/tickets?sort=asc', { token: customer }, { status: 400, field: 'query', message: /unknown field.*sort/ });
      await refused('GET', '/api/customer/tickets?limit=0', { token: customer }, { status: 400, field: 'query.limit' });
      await refused('GET', '/api/customer/tickets?limit=abc', { token: customer }, { status: 400, field: 'query.limit' });
      await refused('GET', '/api/customer/tickets?limit=1000', { token: customer }, { status: 400, field: 'query.limit' });
      await refused('GET', '/api/customer/tickets?status=bogus', { token: customer }, { status: 400, field: 'query.status' });
      await refused('GET', '/api/customer/tickets?before=99999999999999999999', { token: customer }, { status: 400, field: 'query.before' });
      await refused('GET', '/api/customer/tickets?limit=1&limit=2', { token: customer }, { status: 400, field: 'query.limit' });
      const ok = await s.api('GET', '/api/customer/tickets?limit=2&status=new', { token: customer });
      expect(ok.status).toBe(200);
      expect(ok.body.tickets.length).toBeLessThanOrEqual(2);
    });

    it('refuses a PATCH that changes nothing, and wrong values in it', async () => {
      await refused('PATCH', `/api/customer/tickets/${openNumber}`, { token: customer, body: {} }, { status: 400, field: 'body', message: /priority or hotRush/ });
      await refused('PATCH', `/api/customer/tickets/${openNumber}`, { token: customer, body: { priority: 'asap' } }, { status: 400, field: 'body.priority' });
      await refused('PATCH', `/api/customer/tickets/${openNumber}`, { token: customer, body: { hotRush: 1 } }, { status: 400, field: 'body.hotRush' });
      await refused('PATCH', `/api/customer/tickets/${openNumber}`, { token: customer, body: { subject: 'new' } }, { status: 400, message: /unknown field.*subject/ });
    });

    it('refuses empty access info', async () => {
      const before = await counts();
      await refused('POST', `/api/customer/tickets/${openNumber}/access-info`, { token: customer, body: { text: '  ' } }, { status: 400, field: 'body.text' });
      await refused('POST', `/api/customer/tickets/${openNumber}/access-info`, { token: customer, body: { text: 'x'.repeat(20_001) } }, { status: 400, field: 'body.text' });
      expect(await counts()).toEqual(before);
    });

    it('refuses a bad sign-in body with 400 naming the field', async () => {
      await refused('POST', '/api/auth/login', { body: { email: 'not-an-email', password: 'x' } }, { status: 400, field: 'body.email', message: /email/ });
      await refused('POST', '/api/auth/login', { body: { email: 'a@example.com', password: '' } }, { status: 400, field: 'body.password' });
      await refused('POST', '/api/auth/login', { body: { email: 'a@example.com', password: 'x', remember: true } }, { status: 400, message: /unknown field.*remember/ });
    });

    it('answers an unknown API route with a JSON 404 (other page URLs get the customer portal\'s page)', async () => {
      for (const [method, url] of [['GET', '/api/nope'], ['GET', '/api/nope?x=1'], ['POST', '/nope'], ['DELETE', '/api/customer/tickets'], ['POST', '/api/customer/tickets/1/delete']] as const) {
        const res = await refused(method, url, { token: customer }, { status: 404, error: 'not_found' });
        expect(res.body.message).toContain(url.split('?')[0]);
      }
    });

    it('answers a missing or unknown token with a JSON 401', async () => {
      await refused('GET', '/api/customer/tickets', {}, { status: 401, error: 'unauthenticated' });
      await refused('GET', '/api/customer/tickets', { token: 'x'.repeat(43) }, { status: 401, error: 'unauthenticated' });
      await refused('GET', '/api/customer/tickets', { headers: { authorization: 'Basic abc' } }, { status: 401, error: 'unauthenticated' });
    });

    it('answers a route the role may not call with a JSON 403', async () => {
      await refused('POST', '/api/customer/tickets', { token: dispatcher, body: validTicket }, { status: 403, error: 'forbidden' });
      await refused('POST', '/api/sync/push', { token: customer, body: { clientId: 'customer-client', mutations: [] } }, { status: 403, error: 'forbidden' });
    });
  });

  describe('ticket rules', () => {
    it('refuses a message on a closed ticket with 409 ticket_closed telling to reopen, then reopen after 14 days with reopen_window_passed', async () => {
      const created = await create(customer, { ...validTicket, subject: 'to be closed' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const number = created.body.number as number;
      expect((await s.api('POST', `/api/customer/tickets/${number}/close`, { token: customer })).status).toBe(200);

      await refused('POST', `/api/customer/tickets/${number}/messages`, { token: customer, body: { body: 'one more thing' } }, { status: 409, error: 'ticket_closed', message: /reopen/ });
      await refused('PATCH', `/api/customer/tickets/${number}`, { token: customer, body: { priority: 'major' } }, { status: 409, error: 'ticket_closed' });
      await refused('POST', `/api/customer/tickets/${number}/close`, { token: customer }, { status: 409, error: 'ticket_closed' });
      await refused('POST', `/api/customer/tickets/${openNumber}/reopen`, { token: customer }, { status: 409, error: 'invalid_transition' });

      s.clock.advance(14 * day + 60_000);
      const res = await refused('POST', `/api/customer/tickets/${number}/reopen`, { token: customer }, { status: 409, error: 'reopen_window_passed', message: /14 days/ });
      expect(res.body.message).toMatch(/new ticket/);
      expect((await s.api('GET', `/api/customer/tickets/${number}`, { token: customer })).body.status).toBe('closed');
    });

    it('reopens within the window', async () => {
      const created = await create(customer, { ...validTicket, subject: 'closed briefly' });
      const number = created.body.number as number;
      await s.api('POST', `/api/customer/tickets/${number}/close`, { token: customer });
      s.clock.advance(13 * day);
      const res = await s.api('POST', `/api/customer/tickets/${number}/reopen`, { token: customer });
      expect(res.status).toBe(200);
      expect(res.body.status).not.toBe('closed');
    });

    it('keeps taking tickets once the account has a standing (a fractional score adjustment)', async () => {
      // Five or more recent tickets with mixed priorities give the account a fractional adjustment.
      for (const priority of ['minor', 'minor', 'major', 'normal', 'minor', 'normal']) {
        const res = await create(otherCustomer, { ...validTicket, subject: `standing ${priority}`, priority });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const [acc] = await s.ctx.db.query<{ adj: number }>(`SELECT standing_adjustment AS adj FROM accounts WHERE company = 'Other Shop'`);
      expect(Number.isInteger(acc!.adj)).toBe(false);
      const scores = await s.ctx.db.query<{ priority: string; score: number }>(
        `SELECT DISTINCT t.priority, t.score FROM tickets t JOIN accounts a ON a.id = t.account_id WHERE a.company = 'Other Shop' AND t.status <> 'closed'`,
      );
      const base: Record<string, number> = { major: 3, normal: 2, minor: 1 };
      for (const r of scores) expect(r.score).toBeCloseTo(base[r.priority]! + acc!.adj);
      const patched = await s.api('PATCH', `/api/customer/tickets/${foreignNumber}`, { token: otherCustomer, body: { priority: 'minor' } });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    });

    it('answers another account\'s ticket with the same 404 as a missing one (no existence leak)', async () => {
      const missing = 9_999_999;
      const actions: Array<[string, (n: number) => string, unknown]> = [
        ['GET', (n) => `/api/customer/tickets/${n}`, undefined],
        ['POST', (n) => `/api/customer/tickets/${n}/messages`, { body: 'let me in' }],
        ['POST', (n) => `/api/customer/tickets/${n}/close`, undefined],
        ['POST', (n) => `/api/customer/tickets/${n}/reopen`, undefined],
        ['PATCH', (n) => `/api/customer/tickets/${n}`, { priority: 'major' }],
        ['POST', (n) => `/api/customer/tickets/${n}/access-info`, { text: 'root / hunter2' }],
      ];
      for (const [method, url, body] of actions) {
        const foreign = await refused(method, url(foreignNumber), { token: customer, body }, { status: 404, error: 'not_found' });
        const absent = await refused(method, url(missing), { token: customer, body }, { status: 404, error: 'not_found' });
        expect(foreign.body.message.replace(String(foreignNumber), 'N')).toBe(absent.body.message.replace(String(missing), 'N'));
        expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(absent.body).sort());
      }
      const list = await s.api('GET', '/api/customer/tickets', { token: customer });
      expect(list.body.tickets.map((t: { number: number }) => t.number)).not.toContain(foreignNumber);
      const theirs = await s.api('GET', `/api/customer/tickets/${foreignNumber}`, { token: otherCustomer });
      expect(theirs.body.messages).toHaveLength(1);
      expect(theirs.body.status).toBe('new');
    });
  });

  describe('sync', () => {
    it('refuses a malformed cursor with 400 query.cursor', async () => {
      for (const cursor of ['garbage', ':5', 'epoch:', 'epoch:-1', 'epoch:1.5', 'a:b:c']) {
        await refused('GET', `/api/sync/changes?cursor=${encodeURIComponent(cursor)}`, { token: dispatcher }, { status: 400, error: 'validation_failed', field: 'query.cursor' });
      }
      await refused('GET', '/api/sync/changes', { token: dispatcher }, { status: 400, field: 'query.cursor' });
      await refused('GET', `/api/sync/changes?cursor=${s.ctx.epoch}:0&since=1`, { token: dispatcher }, { status: 400, message: /unknown field.*since/ });
    });

    it('refuses a cursor of an unknown epoch with 409 cursor_epoch_unknown', async () => {
      await refused('GET', '/api/sync/changes?cursor=someOtherEpoch:0', { token: dispatcher }, { status: 409, error: 'cursor_epoch_unknown', field: 'query.cursor', message: /bootstrap/ });
    });

    it('refuses a cursor ahead of the head with 409', async () => {
      await refused('GET', `/api/sync/changes?cursor=${await cursorAt(s, dispatcher, 99999999)}`, { token: dispatcher }, { status: 409, error: 'cursor_ahead', field: 'query.cursor' });
      await refused('GET', `/api/sync/changes?cursor=${await cursorAt(s, dispatcher, '99999999999999999999999')}`, { token: dispatcher }, { status: 409, error: 'cursor_ahead' });
      const ok = await s.api('GET', `/api/sync/changes?cursor=${s.ctx.epoch}:0&limit=5`, { token: dispatcher });
      expect(ok.status).toBe(200);
    });

    it('refuses a bootstrap page key it did not hand out', async () => {
      const keys = ['{"e":99,"id":0,"s":0,"c":{}}', '[]', '{"e":0,"id":9223372036854775808,"s":0,"c":{}}', '{"e":0,"id":1e300,"s":0,"c":{}}', '{"e":0,"id":0,"s":1e300,"c":{}}', '{"e":0,"id":0,"s":0,"c":null}'];
      for (const after of ['nonsense', ...keys.map((k) => Buffer.from(k).toString('base64url'))]) {
        await refused('GET', `/api/sync/bootstrap?after=${after}`, { token: dispatcher }, { status: 400, error: 'invalid_page_key', field: 'query.after' });
      }
    });

    it('refuses a push whose batch skips ids, applying nothing', async () => {
      const note = (id: number) => ({ id, name: 'ticket.note', args: { ticketId: openId, body: `note ${id}` } });
      const res = await refused('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'gap-client-1', mutations: [note(2), note(3)] } }, { status: 409, error: 'mutation_gap', field: 'body.mutations' });
      expect(res.body).toMatchObject({ lastMutationId: 0 });
      expect(res.body.message).toMatch(/send 1 next/);
    });

    it('applies up to a gap inside a batch and refuses from the gap on', async () => {
      const before = await counts();
      const note = (id: number) => ({ id, name: 'ticket.note', args: { ticketId: openId, body: `note ${id}` } });
      const res = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'gap-client-2', mutations: [note(1), note(3), note(4)] } });
      expect(res.status).toBe(409);
      expectRefusalShape(res);
      expect(res.body).toMatchObject({ error: 'mutation_gap', lastMutationId: 1 });
      expect((await counts()).messages).toBe(before.messages + 1);
    });

    it('refuses a malformed push body with 400', async () => {
      await refused('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'short', mutations: [] } }, { status: 400, field: 'body.clientId' });
      await refused('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'push-client-x', mutations: [{ id: 0, name: 'ticket.claim', args: {} }] } }, { status: 400, field: 'body.mutations.0.id' });
      await refused('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'push-client-x', mutations: {} } }, { status: 400, field: 'body.mutations' });
      await refused('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'push-client-x', mutations: [], force: true } }, { status: 400, message: /unknown field.*force/ });
    });

    it('rejects a mutation with invalid arguments, naming args.<field>, and writes nothing', async () => {
      const before = await counts();
      const res = await s.api('POST', '/api/sync/push', {
        token: dispatcher,
        body: {
          clientId: 'args-client-1',
          mutations: [
            { id: 1, name: 'ticket.classify', args: { ticketId: 'one', type: 'tech', departmentId: techId, cost: 0 } },
            { id: 2, name: 'ticket.classify', args: { ticketId: openId, type: 'tech', departmentId: techId, cost: -1 } },
            { id: 3, name: 'ticket.classify', args: { ticketId: openId, type: 'log', departmentId: techId, cost: 0 } },
            { id: 4, name: 'ticket.setPriority', args: { ticketId: openId } },
            { id: 5, name: 'ticket.claim', args: { ticketId: openId, userId: 3 } },
            { id: 6, name: 'ticket.claim', args: null },
          ],
        },
      });
      expect(res.status).toBe(200);
      const errors = res.body.results.map((r: { status: string; error: { code: string; field?: string; message: string } }) => {
        expect(r.status).toBe('rejected');
        expect(r.error.message).toEqual(expect.any(String));
        return [r.error.code, r.error.field];
      });
      expect(errors).toEqual([
        ['validation_failed', 'args.ticketId'],
        ['validation_failed', 'args.cost'],
        ['validation_failed', 'args.type'],
        ['validation_failed', 'args.priority'],
        ['validation_failed', 'args'],
        ['validation_failed', 'args'],
      ]);
      expect(res.body.results[4].error.message).toMatch(/unknown field.*userId/);
      expect(res.body.lastMutationId).toBe(6);
      expect(await counts()).toEqual(before);
    });

    it('rejects an unknown mutation name with unknown_mutation', async () => {
      const before = await counts();
      const res = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'name-client-1', mutations: [{ id: 1, name: 'ticket.delete', args: { ticketId: openId } }] } });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([{ id: 1, status: 'rejected', error: { code: 'unknown_mutation', field: 'name', message: expect.stringMatching(/ticket\.delete/) } }]);
      expect(await counts()).toEqual(before);
    });

    it('rejects a mutation on a missing ticket without a 500', async () => {
      const res = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'missing-client-1', mutations: [{ id: 1, name: 'ticket.close', args: { ticketId: 987_654_321 } }] } });
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
    });

    it('rejects a reused clientRef (a message already written) instead of failing with a 500', async () => {
      const before = await counts();
      const note = (id: number) => ({ id, name: 'ticket.note', args: { ticketId: openId, body: `note ${id}`, clientRef: 'client-ref-0001' } });
      const res = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'ref-client-1', mutations: [note(1), note(2)] } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.results[0]).toMatchObject({ status: 'applied' });
      expect(res.body.results[1]).toMatchObject({ status: 'rejected', error: { code: 'duplicate_client_ref', field: 'args.clientRef' } });
      expect((await counts()).messages).toBe(before.messages + 1);
      const other = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'ref-client-2', mutations: [note(1)] } });
      expect(other.status).toBe(200);
      expect(other.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'duplicate_client_ref' } });
    });
  });
});
