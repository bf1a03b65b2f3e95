/**
 * Sign-in, sessions and the login rate limit: tokens are opaque and stored hashed, passwords
 * are scrypt hashes, nothing secret ever leaves the server, and guessing is slowed to a crawl.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/server/auth/passwords';
import { sessionLifetimeMs } from '../../src/server/auth/sessions';
import { demoEmails, demoPassword } from '../../src/server/seed/demoAccounts';
import { parseBootstrapPage } from '../../src/shared/sync/protocol';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const minute = 60_000;
const scryptFormat = /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

describe('passwords and the limiter (units)', () => {
  it('hashes with scrypt and a fresh salt each time, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(scryptFormat);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse', b)).toBe(true);
    expect(await verifyPassword('correct hors', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'md5$abc')).toBe(false);
  });
});

describe.each(backends)('auth on %s', (backend) => {
  let s: TestServer;
  const login = (email: string, password: string, headers?: Record<string, string>) => s.api('POST', '/api/auth/login', { body: { email, password }, headers });
  /** Moves the clock past the limiter's window so earlier failures no longer count. */
  const forgetFailures = () => s.clock.advance(16 * minute);

  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  it('signs in with a token and the user, and no password hash anywhere in the answer', async () => {
    const res = await login('engineer@example.com', demoPassword);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: s.clock.now() + sessionLifetimeMs,
      user: { id: s.ids['engineer@example.com'], email: 'engineer@example.com', name: 'Eric Engineer', role: 'staff.engineer', accountId: null, departmentIds: expect.any(Array) },
    });
    expect(res.body.user.departmentIds).toHaveLength(2);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/scrypt|password|hash/i);

    const session = await s.api('GET', '/api/auth/session', { token: res.body.token });
    expect(session.status).toBe(200);
    expect(session.body.user).toEqual(res.body.user);
    expect(JSON.stringify(session.body)).not.toMatch(/scrypt|password|hash/i);
  });

  it('never sends password hashes in sync data (user rows of the directory)', async () => {
    const admin = await s.login('admin@example.com');
    const page = await s.api<string>('GET', '/api/sync/bootstrap?limit=20000', { token: admin });
    expect(page.status).toBe(200);
    const users = parseBootstrapPage(page.body).rows.filter((l) => l.entity === 'user');
    expect(users.length).toBeGreaterThanOrEqual(demoEmails.length);
    expect(page.body).not.toMatch(/scrypt\$|password/i);
  });

  it('takes the email in any case and with surrounding spaces', async () => {
    const res = await login('  Customer@Example.COM ', demoPassword);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe('customer@example.com');
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await login('customer@example.com', 'not-the-password');
    const unknown = await login('nobody@example.com', demoPassword);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'wrong_credentials', message: 'wrong email or password' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a deactivated user, and ends its sessions', async () => {
    const token = await s.login('billing@example.com', true);
    await s.ctx.db.query(`UPDATE users SET active = false WHERE email = 'billing@example.com'`);
    try {
      expect((await s.api('GET', '/api/auth/session', { token })).status).toBe(401);
      expect((await login('billing@example.com', demoPassword)).body).toEqual({ error: 'wrong_credentials', message: 'wrong email or password' });
    } finally {
      await s.ctx.db.query(`UPDATE users SET active = true WHERE email = 'billing@example.com'`);
    }
  });

  it('stores only the SHA-256 of a token, never the token itself', async () => {
    const token = await s.login('dispatcher@example.com', true);
    const rows = await s.ctx.db.query<Record<string, unknown>>('SELECT * FROM sessions');
    expect(rows.length).toBeGreaterThan(0);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    const hash = createHash('sha256').update(token).digest('hex');
    const [mine] = await s.ctx.db.query<{ userId: number }>('SELECT user_id AS "userId" FROM sessions WHERE token_hash = $1', [hash]);
    expect(mine?.userId).toBe(s.ids['dispatcher@example.com']);
    // A leaked hash signs nobody in.
    expect((await s.api('GET', '/api/auth/session', { headers: { authorization: `Bearer ${hash}` } })).status).toBe(401);
  });

  it('stores passwords as salted scrypt hashes that verify', async () => {
    const rows = await s.ctx.db.query<{ email: string; hash: string }>('SELECT email, password_hash AS hash FROM users');
    expect(rows.length).toBeGreaterThanOrEqual(demoEmails.length);
    for (const r of rows) {
      expect(r.hash, r.email).toMatch(scryptFormat);
      expect(r.hash).not.toContain(demoPassword);
    }
    const customer = rows.find((r) => r.email === 'customer@example.com')!;
    expect(await verifyPassword(demoPassword, customer.hash)).toBe(true);
    expect(await verifyPassword('Switchboard', customer.hash)).toBe(false);
  });

  it('ends a session on logout: the token answers 401 afterwards, other sessions go on', async () => {
    const other = await s.login('customer@example.com', true);
    const token = await s.login('customer@example.com', true);
    expect((await s.api('GET', '/api/customer/tickets', { token })).status).toBe(200);
    const out = await s.api('POST', '/api/auth/logout', { token });
    expect(out).toEqual({ status: 200, body: { ok: true } });
    const after = await s.api('GET', '/api/customer/tickets', { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: 'unauthenticated', message: expect.any(String) });
    expect((await s.api('POST', '/api/auth/logout', { token })).status).toBe(401);
    expect((await s.api('GET', '/api/auth/session', { token: other })).status).toBe(200);
    const hash = createHash('sha256').update(token).digest('hex');
    expect(await s.ctx.db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [hash])).toEqual([]);
  });

  it('refuses requests without a usable token with 401', async () => {
    for (const authorization of [undefined, 'Bearer', 'Bearer short', `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${'A'.repeat(43)}`]) {
      const res = await s.api('GET', '/api/auth/session', { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.body.error).toBe('unauthenticated');
    }
  });

  it('expires a session after 30 days', async () => {
    const token = await s.login('engineer@example.com', true);
    s.clock.advance(sessionLifetimeMs - minute);
    expect((await s.api('GET', '/api/auth/session', { token })).status).toBe(200);
    s.clock.advance(2 * minute);
    const res = await s.api('GET', '/api/auth/session', { token });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthenticated');
    // Signing in again gives a new, working session.
    const fresh = await s.login('engineer@example.com', true);
    expect((await s.api('GET', '/api/auth/session', { token: fresh })).status).toBe(200);
  });

  it('limits parallel wrong-password sign-ins too: of 40 at once for one email, at most 10 are tried', async () => {
    forgetFailures();
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => login('engineer@example.com', `parallel-guess-${i}`)));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((st) => st === 401).length).toBe(10);
    expect(statuses.filter((st) => st === 429).length).toBe(30);
    forgetFailures();
    // A right password after the window signs in, and does not count against the address.
    for (let i = 0; i < 12; i++) expect((await login('engineer@example.com', demoPassword)).status).toBe(200);
  });

  it('limits failed sign-ins: after 10 failures 429 with retryAfterSeconds, even for the right password, for that account from that address only', async () => {
    forgetFailures();
    const admin = await s.login('admin@example.com', true);
    const target = 'dispatcher@example.com';
    for (let i = 1; i <= 10; i++) {
      const res = await login(target, `guess-${i}`);
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const limited = await login(target, demoPassword);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 'too_many_attempts', message: expect.stringMatching(/try again in \d+ s/), retryAfterSeconds: 15 * 60 });

    // A forged X-Forwarded-For does not make a new address.
    const forged = await login(target, demoPassword, { 'x-forwarded-for': '203.0.113.9' });
    expect(forged.status).toBe(429);
    // Another account from the same address is not held up by this one's failures.
    expect((await login('admin@example.com', demoPassword)).status).toBe(200);

    // Signed-in sessions are not affected.
    expect((await s.api('GET', '/api/auth/session', { token: admin })).status).toBe(200);

    // The wait shrinks as time passes, and ends with the window.
    s.clock.advance(5 * minute);
    expect((await login(target, demoPassword)).body.retryAfterSeconds).toBe(10 * 60);
    s.clock.advance(10 * minute);
    const again = await login(target, demoPassword);
    expect(again.status).toBe(200);
    expect(again.body.token).toEqual(expect.any(String));
  });

  it('does not count sign-ins refused for bad input, nor 429 answers, as failures that extend the wait', async () => {
    forgetFailures();
    for (let i = 0; i < 20; i++) expect((await login('not-an-email', 'x')).status).toBe(400);
    expect((await login('customer@example.com', demoPassword)).status).toBe(200);
    for (let i = 0; i < 10; i++) await login('customer@example.com', 'wrong');
    for (let i = 0; i < 5; i++) expect((await login('customer@example.com', 'wrong')).status).toBe(429);
    s.clock.advance(15 * minute);
    expect((await login('customer@example.com', demoPassword)).status).toBe(200);
  });
});
