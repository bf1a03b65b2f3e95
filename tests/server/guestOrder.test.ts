/**
 * Ordering without an account (issue 22, "a visitor buys"), on PGlite and PostgreSQL: a
 * visitor's order form with e-mail, name and company opens the account in one transaction
 * (its primary user without a password, a single-use link to set one emailed), issues the
 * invoice at once, signs the visitor in with the portal's cookie and keeps the referral the
 * visitor came with for the new account. Refused, writing nothing: an address that signs in
 * already (409 naming body.email), a form sent before or twice at once, a malformed, huge or
 * nested body, an add-on (a new account has no license for it), no CSRF token; attempts and
 * accounts opened are limited per network address.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guestOrderLimits } from '../../src/server/auth/attemptLimiter';
import { ensureDemoCatalogue } from '../../src/server/seed/write/catalogue';
import type { CatalogueEntry } from '../../src/shared/catalogue/catalogue';
import { browserSession, type BrowserSession } from '../support/browserSession';
import { outboxTo } from '../support/mail';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('guest orders on %s', (backend) => {
  let s: TestServer;
  let billing: string;
  let license: CatalogueEntry;
  let addon: CatalogueEntry;
  let keys = 0;
  let people = 0;
  let pushes = 0;
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => s.ctx.db.query<T>(text, params);
  const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await q<T>(text, params))[0]!;
  const count = async (table: string) => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;
  const counts = async () => ({ accounts: await count('accounts'), users: await count('users'), invoices: await count('invoices'), outbox: await count('email_outbox'), guestOrders: await count('guest_orders') });
  const orderKey = () => `guest-${backend}-${++keys}-form`;
  const newEmail = () => `visitor-${backend}-${++people}@shop.example`;
  const form = (over: Record<string, unknown> = {}) => ({
    itemId: license.id, priceCents: license.priceCents, licenseUrl: 'https://new-shop.example/store/', orderKey: orderKey(), email: newEmail(), name: 'Vera Visitor', company: 'Visitor Crafts', ...over,
  });
  const order = (b: BrowserSession, body: unknown) => b.request('POST', '/api/portal/orders/guest', { body });

  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `guest-order-test-${backend}-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    return res.body.results[0] as { status: string };
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
    await ensureDemoCatalogue(s.ctx.db, s.clock.now());
    billing = await s.login('billing@example.com');
    const items = (await s.api<{ items: CatalogueEntry[] }>('GET', '/api/catalogue')).body.items;
    license = items.find((i) => i.kind === 'license')!;
    addon = items.find((i) => i.kind === 'addon')!;
  });
  afterAll(() => s.close());
  // Each test starts in a new window of the per-address limits (every request here comes from 127.0.0.1).
  beforeEach(() => s.clock.advance(guestOrderLimits.newAccounts.windowMs + 60_000));

  it('opens the account, issues the invoice, signs the visitor in and emails a single-use link to set the password', async () => {
    const b = await browserSession(s.url);
    const body = form({ email: '  Vera.Visitor@Shop.Example ', company: '<b>Vera & Co</b>' });
    const res = await order(b, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ invoiceId: expect.any(Number), created: true, linkSentTo: 'vera.visitor@shop.example' });
    const cookie = b.lastSetCookie.find((c) => c.startsWith('sb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const user = await one<{ id: number; accountId: number; role: string; name: string }>(`SELECT id, account_id AS "accountId", role, name FROM users WHERE email = 'vera.visitor@shop.example'`);
    expect(user).toMatchObject({ role: 'customer.primary', name: 'Vera Visitor' });
    // Text kept as typed (the pages render it as text, never as HTML).
    expect(await one(`SELECT company, contact_email AS "contactEmail", primary_user_id AS "primaryUserId" FROM accounts WHERE id = $1`, [user.accountId])).toEqual({ company: '<b>Vera & Co</b>', contactEmail: 'vera.visitor@shop.example', primaryUserId: user.id });
    expect(await one('SELECT account_id AS "accountId", status, amount_cents::int AS "amountCents" FROM invoices WHERE id = $1', [res.body.invoiceId])).toEqual({ accountId: user.accountId, status: 'unpaid', amountCents: license.priceCents });
    expect(await one('SELECT account_id AS "accountId", invoice_id AS "invoiceId" FROM guest_orders WHERE order_key = $1', [body.orderKey])).toEqual({ accountId: user.accountId, invoiceId: res.body.invoiceId });

    // Signed in by the cookie: the session, the new account's invoice, paying it.
    const session = await b.request('GET', '/api/portal/session');
    expect(session.body.user).toMatchObject({ id: user.id, role: 'customer.primary', accountId: user.accountId });
    const invoices = await b.request('GET', '/api/customer/invoices');
    expect(invoices.body.invoices.map((i: { id: number }) => i.id)).toEqual([res.body.invoiceId]);
    const paid = await b.request('POST', '/api/payments/fake/checkout', { body: { invoiceId: res.body.invoiceId } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    expect(await push(billing, 'order.verify', { orderId: paid.body.orderId })).toMatchObject({ status: 'applied' });
    const licenses = await b.request('GET', '/api/customer/licenses');
    expect(licenses.body.licenses).toEqual([expect.objectContaining({ status: 'active', url: 'https://new-shop.example/store/' })]);

    // No password anyone knows: the emailed link sets it, once.
    const mails = await outboxTo(s, 'vera.visitor@shop.example');
    const linkMail = mails.find((m) => m.subject === 'Your customer account: set your password')!;
    expect(linkMail.text).toContain('Your login is vera.visitor@shop.example');
    const token = /set-password\?token=([A-Za-z0-9_-]+)/.exec(linkMail.text)![1]!;
    const fresh = await browserSession(s.url);
    expect((await fresh.request('POST', '/api/portal/session', { body: { email: 'vera.visitor@shop.example', password: 'a-password-nobody-knows-1' } })).status).toBe(401);
    const set = await fresh.request('POST', '/api/auth/set-password', { body: { token, password: 'Vera chooses 1 long password' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // The address's owner claims the account: the session the guest order opened ends (whoever typed this address in is signed out).
    expect((await b.request('GET', '/api/customer/invoices')).status).toBe(401);
    expect((await fresh.request('POST', '/api/auth/set-password', { body: { token, password: 'Another long password 2' } })).body).toMatchObject({ error: 'link_used', field: 'body.token' });
    expect((await fresh.request('POST', '/api/portal/session', { body: { email: 'vera.visitor@shop.example', password: 'Vera chooses 1 long password' } })).status).toBe(200);
    expect(await one(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'account.open_by_guest_order' AND entity_id = $1`, [user.accountId])).toEqual({ n: 1 });
  });

  it('refuses an address that already signs in with 409 naming body.email, creating nothing', async () => {
    const before = await counts();
    for (const email of ['customer@example.com', 'WEBMASTER@example.com', 'billing@example.com']) {
      const res = await order(await browserSession(s.url), form({ email }));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'email_taken', field: 'body.email' });
      expect(res.body.message).toMatch(/sign in/);
    }
    expect(await counts()).toEqual(before);
  });

  it('the same form again: one account and one invoice; from the browser it signed in, the same answer', async () => {
    const b = await browserSession(s.url);
    const body = form();
    const first = await order(b, body);
    expect(first.status).toBe(200);
    const after = await counts();
    // A retry from the signed-in browser (its answer was lost): the invoice issued then.
    expect(await order(b, body)).toMatchObject({ status: 200, body: { invoiceId: first.body.invoiceId, created: false } });
    // The same form from elsewhere, or with another e-mail typed in: refused, nothing more made.
    expect(await order(await browserSession(s.url), body)).toMatchObject({ status: 409, body: { error: 'order_form_sent', field: 'body.orderKey' } });
    expect(await order(await browserSession(s.url), { ...body, email: newEmail() })).toMatchObject({ status: 409, body: { error: 'order_form_sent', field: 'body.orderKey' } });
    expect(await counts()).toEqual(after);
  });

  it('a double submit at once opens one account with one invoice; the other is told', async () => {
    const before = await counts();
    const body = form();
    const sameForm = await Promise.all([0, 1, 2].map(async () => order(await browserSession(s.url), body)));
    expect(sameForm.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const r of sameForm.filter((x) => x.status === 409)) expect(['email_taken', 'order_form_sent']).toContain(r.body.error);
    // Two forms for one address at once: the unique address decides.
    const email = newEmail();
    const sameEmail = await Promise.all([0, 1].map(async () => order(await browserSession(s.url), form({ email }))));
    expect(sameEmail.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(sameEmail.find((r) => r.status === 409)!.body).toMatchObject({ error: 'email_taken', field: 'body.email' });
    expect(await counts()).toMatchObject({ accounts: before.accounts + 2, users: before.users + 2, invoices: before.invoices + 2, guestOrders: before.guestOrders + 2 });
    expect(await one(`SELECT count(*)::int AS n FROM email_outbox WHERE to_address = $1 AND subject = 'Your customer account: set your password'`, [email])).toEqual({ n: 1 });
  });

  it('refuses malformed, unknown, huge and nested fields naming each, an add-on, and a missing CSRF token; nothing is written', async () => {
    const before = await counts();
    const refused = async (body: unknown, field: string, status = 400) => {
      const res = await order(await browserSession(s.url), body);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.field, JSON.stringify(res.body)).toBe(field);
    };
    await refused(form({ email: 'not an address' }), 'body.email');
    await refused(form({ email: `${'a'.repeat(300)}@shop.example` }), 'body.email');
    await refused(form({ email: { $ne: null } }), 'body.email');
    await refused(form({ name: '   ' }), 'body.name');
    await refused(form({ name: 'x'.repeat(201) }), 'body.name');
    await refused(form({ company: ['A', 'B'] }), 'body.company');
    await refused(form({ company: 'c'.repeat(301) }), 'body.company');
    await refused(form({ licenseUrl: 'javascript:alert(1)' }), 'body.licenseUrl');
    await refused(form({ orderKey: 'short' }), 'body.orderKey');
    await refused(form({ role: 'staff.admin' }), 'body');
    await refused(form({ accountId: 1 }), 'body');
    await refused(form({ name: 'Nul\u0000byte' }), 'body.name');
    await refused(form({ priceCents: 1 }), 'body.priceCents', 409);
    await refused(form({ itemId: addon.id, priceCents: addon.priceCents, licenseUrl: undefined }), 'body.itemId', 409);
    await refused(form({ licenseUrl: undefined }), 'body.licenseUrl');
    await refused(form({ itemId: 999_999 }), 'body.itemId', 404);
    // Deeply nested and very large bodies never reach the handler's writes.
    await refused(form({ name: { first: { and: ['deeper'] } } }), 'body.name');
    const b = await browserSession(s.url);
    const deep = `{"name":${'{"n":'.repeat(100_000)}"deep"${'}'.repeat(100_000)}}`;
    const tooDeep = await fetch(`${s.url}/api/portal/orders/guest`, {
      method: 'POST', body: deep,
      headers: { 'content-type': 'application/json', 'x-csrf-token': b.csrfToken, cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toMatchObject({ error: 'too_deep', field: 'body' });
    const huge = await order(await browserSession(s.url), form({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge).toMatchObject({ status: 413, body: { error: 'body_too_large', field: 'body' } });
    const noCsrf = await (await browserSession(s.url)).request('POST', '/api/portal/orders/guest', { body: form(), csrf: false });
    expect(noCsrf).toMatchObject({ status: 403, body: { error: 'csrf_token_invalid' } });
    expect(await counts()).toEqual(before);
  });

  it('limits attempts per network address (an address probe tells whether an e-mail has an account) and accounts opened per day', async () => {
    // Accounts opened: a few a day from one address, refusals not counted.
    const opened = [];
    for (let i = 0; i < guestOrderLimits.newAccounts.points + 1; i++) {
      if (i === 1) expect((await order(await browserSession(s.url), form({ email: 'customer@example.com' }))).status).toBe(409);
      opened.push((await order(await browserSession(s.url), form())).status);
    }
    expect(opened).toEqual([...Array(guestOrderLimits.newAccounts.points).fill(200), 429]);
    const before = await counts();
    const limited = await order(await browserSession(s.url), form());
    expect(limited).toMatchObject({ status: 429, body: { error: 'too_many_attempts', retryAfterSeconds: expect.any(Number) } });
    expect(await counts()).toEqual(before);

    // Probing addresses: every attempt counts, taken or not, and parallel ones see each other.
    s.clock.advance(guestOrderLimits.newAccounts.windowMs + 60_000);
    const probes = await Promise.all(Array.from({ length: guestOrderLimits.address.points + 5 }, async () => order(await browserSession(s.url), form({ email: 'customer@example.com' }))));
    const statuses = probes.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(guestOrderLimits.address.points).fill(409), ...Array(5).fill(429)]);
  });

  it('keeps the referral the visitor came with for the new account; the affiliate earns once billing verifies; its own code earns nothing', async () => {
    const affiliateBrowser = await browserSession(s.url);
    const aff = await order(affiliateBrowser, form({ email: `affiliate-${backend}@shop.example`, company: `Affiliate ${backend}` }));
    expect(aff.status).toBe(200);
    const joined = await affiliateBrowser.request('POST', '/api/customer/affiliate');
    const code = joined.body.affiliate.code as string;

    const b = await browserSession(s.url);
    expect(await b.request('POST', '/api/portal/referral', { body: { code } })).toMatchObject({ status: 200, body: { remembered: true } });
    const res = await order(b, form({ company: `Referred ${backend}` }));
    expect(res.status).toBe(200);
    expect(b.cookies.has('sb_ref')).toBe(false);
    const { accountId } = await one<{ accountId: number }>('SELECT account_id AS "accountId" FROM invoices WHERE id = $1', [res.body.invoiceId]);
    expect(await one('SELECT a.account_id AS "affiliateAccount" FROM referrals r JOIN affiliates a ON a.id = r.affiliate_id WHERE r.account_id = $1', [accountId])).toEqual({
      affiliateAccount: (await one<{ accountId: number }>('SELECT account_id AS "accountId" FROM invoices WHERE id = $1', [aff.body.invoiceId])).accountId,
    });
    const paid = await b.request('POST', '/api/payments/fake/checkout', { body: { invoiceId: res.body.invoiceId } });
    expect(await count('affiliate_commissions')).toBe(0);
    expect(await push(billing, 'order.verify', { orderId: paid.body.orderId })).toMatchObject({ status: 'applied' });
    expect(await one('SELECT order_id AS "orderId", base_cents::int AS "baseCents" FROM affiliate_commissions')).toEqual({ orderId: paid.body.orderId, baseCents: license.priceCents });

    // The affiliate's own browser (signed in by its guest order) opening its own link: refused at once.
    expect(await affiliateBrowser.request('POST', '/api/portal/referral', { body: { code } })).toMatchObject({ status: 409, body: { error: 'self_referral' } });
  });
});
