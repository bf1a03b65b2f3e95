/**
 * The login limiter (src/server/auth/attemptLimiter.ts, loginLimits): counted and checked in
 * one statement, kept in the database (so two server processes on one PostgreSQL share it),
 * and keyed per account+address, per address and, slower, per account: a stranger's failures
 * from one address do not lock the owner out from another.
 */
import type { ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginLimits } from '../../src/server/auth/authRoutes';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';
import { backends, startTestServer, type TestServer } from '../support/testServer';

/** POST /api/auth/login from a given loopback address (127.0.0.x), as another client machine would. */
function loginFrom(baseUrl: string, localAddress: string, email: string, password: string): Promise<{ status: number; body: any }> {
  const url = new URL('/api/auth/login', baseUrl);
  const payload = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const statusCounts = (rs: Array<{ status: number }>) => rs.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});

describe.each(backends)('the login limiter on %s', (backend) => {
  let s: TestServer;
  const fresh = () => s.clock.advance(61 * 60_000);

  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  it('lets the owner sign in from another address while a stranger is locked out of the account from his', async () => {
    fresh();
    const victim = 'engineer@example.com';
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom(s.url, '127.0.0.7', victim, `guess-${i}`)));
    expect(statusCounts(guesses)).toEqual({ 401: loginLimits.accountAddress.points, 429: 40 - loginLimits.accountAddress.points });
    // The stranger's address is locked out of this account, the right password included…
    const stranger = await loginFrom(s.url, '127.0.0.7', victim, demoPassword);
    expect(stranger).toMatchObject({ status: 429, body: { error: 'too_many_attempts', retryAfterSeconds: 15 * 60 } });
    // …the owner's is not.
    const owner = await loginFrom(s.url, '127.0.0.8', victim, demoPassword);
    expect(owner.status).toBe(200);
    expect(owner.body.user.email).toBe(victim);
  });

  it('limits one address spraying many accounts, without holding up other addresses', async () => {
    fresh();
    const sprayed = [];
    for (let i = 0; i < loginLimits.address.points; i++) sprayed.push(await loginFrom(s.url, '127.0.0.9', `nobody-${i}@example.com`, 'a wrong guess'));
    expect(statusCounts(sprayed)).toEqual({ 401: loginLimits.address.points });
    expect((await loginFrom(s.url, '127.0.0.9', 'customer@example.com', demoPassword)).status).toBe(429);
    expect((await loginFrom(s.url, '127.0.0.10', 'customer@example.com', demoPassword)).status).toBe(200);
  });

  it('slows an account guessed at from many addresses (the account-wide limit), and a right password takes back its own count', async () => {
    fresh();
    const victim = 'billing@example.com';
    const perAddress = loginLimits.accountAddress.points;
    const addresses = Math.ceil(loginLimits.account.points / perAddress);
    for (let a = 0; a < addresses; a++) {
      const rs = await Promise.all(Array.from({ length: perAddress }, (_, i) => loginFrom(s.url, `127.0.1.${a + 1}`, victim, `guess-${a}-${i}`)));
      expect(statusCounts(rs)).toEqual({ 401: perAddress });
    }
    expect((await loginFrom(s.url, '127.0.2.1', victim, demoPassword)).status).toBe(429);
    // After the account's window, the owner signs in, again and again (rights are not counted).
    fresh();
    for (let i = 0; i < loginLimits.accountAddress.points + 2; i++) expect((await loginFrom(s.url, '127.0.2.1', victim, demoPassword)).status).toBe(200);
  });
});

describe('the login limiter across two server processes on one PostgreSQL', () => {
  let s: TestServer;
  const servers: Array<{ url: string; child: ChildProcess }> = [];

  beforeAll(async () => {
    s = await startTestServer('postgres');
    for (let i = 0; i < 2; i++) servers.push(await spawnServerProcess({ DATABASE_URL: s.databaseUrl! }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((p) => stopServerProcess(p.child)));
    await s.close();
  });

  it('shares the count: 40 parallel wrong passwords split over both processes get 10 checks in all', async () => {
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom(servers[i % 2]!.url, '127.0.0.1', 'admin@example.com', `guess-${i}`)));
    expect(statusCounts(all)).toEqual({ 401: loginLimits.accountAddress.points, 429: 40 - loginLimits.accountAddress.points });
    // Both processes refuse the address now, the right password too.
    for (const p of servers) expect((await loginFrom(p.url, '127.0.0.1', 'admin@example.com', demoPassword)).status).toBe(429);
  });
});
