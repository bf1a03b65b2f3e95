/**
 * The portal's browser sessions on the real server: an httpOnly cookie (Secure on https),
 * CSRF tokens required on every change made with that cookie (and on sign-in itself), bearer
 * tokens unaffected, the portal's page on every page URL with a strict CSP, and a clear page
 * at `/` when the portal has not been built.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomer } from '../../src/server/seed/demoAccounts';
import { browserSession, portalSignIn } from '../support/browserSession';
import { startTestServer, type TestServer } from '../support/testServer';

describe('portal sessions', () => {
  let server: TestServer;
  let portalDir: string;
  beforeAll(async () => {
    portalDir = mkdtempSync(path.join(tmpdir(), 'sb-portal-page-'));
    mkdirSync(path.join(portalDir, 'assets'));
    writeFileSync(path.join(portalDir, 'index.html'), '<!doctype html><title>portal</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(path.join(portalDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startTestServer('pglite', { config: { portalDir } });
  });
  afterAll(() => server?.close());

  it('signs in with an httpOnly SameSite=Lax session cookie, not Secure over http', async () => {
    const s = await browserSession(server.url);
    const res = await s.request('POST', '/api/portal/session', { body: { email: demoCustomer.email, password: 'switchboard' } });
    expect(res.status).toBe(200);
    const cookie = s.lastSetCookie.find((c) => c.startsWith('sb_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(JSON.stringify(res.body)).not.toContain(s.cookies.get('sb_session'));
    const me = await s.request('GET', '/api/portal/session');
    expect(me.body.user.email).toBe(demoCustomer.email);
  });

  it('refuses sign-in without the CSRF token (login CSRF) and counts nothing', async () => {
    const s = await browserSession(server.url);
    const res = await s.request('POST', '/api/portal/session', { body: { email: demoCustomer.email, password: 'switchboard' }, csrf: false });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'csrf_token_invalid', field: 'header.x-csrf-token' });
    expect(s.cookies.has('sb_session')).toBe(false);
  });

  it('refuses a change made with the session cookie but without, or with a forged, CSRF token; the ticket is not made', async () => {
    const s = await portalSignIn(server.url, demoCustomer.email);
    const before = await s.request('GET', '/api/customer/tickets');
    const body = { type: 'tech', subject: 'csrf attempt', body: 'posted by another site' };
    const without = await s.request('POST', '/api/customer/tickets', { body, csrf: false });
    expect(without.status).toBe(403);
    const forged = await s.request('POST', '/api/customer/tickets', { body, headers: { 'x-csrf-token': 'abc-def' } });
    expect(forged.status).toBe(403);
    // Another browser's token does not fit this browser's secret.
    const other = await browserSession(server.url);
    const stolen = await s.request('POST', '/api/customer/tickets', { body, headers: { 'x-csrf-token': other.csrfToken } });
    expect(stolen.status).toBe(403);
    const after = await s.request('GET', '/api/customer/tickets');
    expect(after.body.tickets.length).toBe(before.body.tickets.length);
    const ok = await s.request('POST', '/api/customer/tickets', { body });
    expect(ok.status).toBe(201);
  });

  it('needs no CSRF token for bearer tokens (scripts and integrations)', async () => {
    const token = await server.login(demoCustomer.email);
    const res = await server.api('POST', '/api/customer/tickets', { token, body: { type: 'tech', subject: 'from a script', body: 'hello' } });
    expect(res.status).toBe(201);
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const s = await portalSignIn(server.url, demoCustomer.email);
    const token = s.cookies.get('sb_session')!;
    expect((await s.request('DELETE', '/api/portal/session')).status).toBe(200);
    const res = await fetch(`${server.url}/api/customer/tickets`, { headers: { cookie: `sb_session=${token}` } });
    expect(res.status).toBe(401);
  });

  it('serves the portal page on every page URL with a strict CSP, and JSON 404s under /api', async () => {
    for (const url of ['/', '/tickets/104233', '/licenses', '/invoices', '/orders', '/files']) {
      const res = await fetch(server.url + url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await res.text()).toContain('<title>portal</title>');
    }
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    const api = await fetch(`${server.url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: 'not_found' });
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });
});

describe('portal sessions over https, and without a built portal', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { config: { publicUrl: 'https://account.vendor.example', portalDir: mkdtempSync(path.join(tmpdir(), 'sb-no-portal-')) } });
  });
  afterAll(() => server?.close());

  it('marks the cookies Secure when PUBLIC_URL is https', async () => {
    const s = await browserSession(server.url);
    expect(s.lastSetCookie.find((c) => c.startsWith('sb_csrf='))).toMatch(/Secure/);
    await s.request('POST', '/api/portal/session', { body: { email: demoCustomer.email, password: 'switchboard' } });
    expect(s.lastSetCookie.find((c) => c.startsWith('sb_session='))).toMatch(/Secure/);
  });

  it('says at / how to build the portal when it is missing', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain('npm run build');
    expect(text).toContain('not built');
  });
});
