/**
 * The affiliate program (issue 22), on PGlite and PostgreSQL: a primary user joins and gets a
 * code and link; a visitor comes through it (cookie) and buys as a guest, the order opening
 * the account; the commission is credited once, when billing verifies the order (a second
 * verification, or a rejected order, credits nothing); self-referral, referrals inside one
 * account and accounts opened before the visit are refused; a payout asked for is converted
 * into support points through the ledger, or paid, or rejected with a reason (its commission
 * back in the approved balance, to ask for again); roles are
 * checked on every route and mutation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoCatalogue } from '../../src/server/seed/write/catalogue';
import type { CatalogueEntry } from '../../src/shared/catalogue/catalogue';
import type { AffiliatePage } from '../../src/shared/affiliates/affiliates';
import { browserSession, portalSignIn, type BrowserSession } from '../support/browserSession';
import { addCustomerAccount } from '../support/customerAccount';
import { outboxTo } from '../support/mail';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const DAY = 86_400_000;

describe.each(backends)('affiliate program on %s', (backend) => {
  let s: TestServer;
  let billing: string;
  let engineer: string;
  let affiliateToken: string;
  let code: string;
  let pushes = 0;
  let keys = 0;
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => s.ctx.db.query<T>(text, params);
  const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await q<T>(text, params))[0]!;
  const orderKey = () => `affil-${backend}-${++keys}`;

  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `affiliate-test-${backend}-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: 'applied' | 'rejected'; error: { code: string; message: string; field?: string } | null };
  }

  const find = async (kind: string, name: string): Promise<CatalogueEntry> => {
    const items = (await s.api<{ items: CatalogueEntry[] }>('GET', '/api/catalogue')).body.items;
    return items.find((i) => i.kind === kind && i.name === name)!;
  };

  /** A browser that came through the referral link, signed out, then signed in as `email`. */
  async function referredBrowser(email: string): Promise<BrowserSession> {
    const b = await browserSession(s.url);
    const visit = await b.request('POST', '/api/portal/referral', { body: { code: code.toLowerCase() } });
    expect(visit).toMatchObject({ status: 200, body: { remembered: true, recorded: false } });
    const cookie = b.lastSetCookie.find((c) => c.startsWith('sb_ref='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=7776000/); // 90 days, the window setting
    const signIn = await b.request('POST', '/api/portal/session', { body: { email, password: 'switchboard' } });
    expect(signIn.status).toBe(200);
    return b;
  }

  /** Orders a points package from the browser (as a guest: with who opens the account) and pays it at the fake provider: a pending order. */
  async function orderAndPay(b: BrowserSession, guest?: { email: string; name: string; company: string }): Promise<{ orderId: number; amountCents: number }> {
    const pack = await find('support_points', (await s.api<{ items: CatalogueEntry[] }>('GET', '/api/catalogue')).body.items.find((i) => i.kind === 'support_points')!.name);
    const form = { itemId: pack.id, priceCents: pack.priceCents, orderKey: orderKey() };
    const placed = guest ? await b.request('POST', '/api/portal/orders/guest', { body: { ...form, ...guest } }) : await b.request('POST', '/api/customer/orders/online', { body: form });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const paid = await b.request('POST', '/api/payments/fake/checkout', { body: { invoiceId: placed.body.invoiceId } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    return { orderId: paid.body.orderId, amountCents: pack.priceCents };
  }

  const page = async (token = affiliateToken) => (await s.api<AffiliatePage>('GET', '/api/customer/affiliate', { token })).body;
  const commissions = async () => (await one<{ n: number }>('SELECT count(*)::int AS n FROM affiliate_commissions')).n;

  beforeAll(async () => {
    s = await startTestServer(backend);
    await ensureDemoCatalogue(s.ctx.db, s.clock.now());
    billing = await s.login('billing@example.com');
    engineer = await s.login('engineer@example.com');
    affiliateToken = await s.login('customer@example.com');
  });
  afterAll(() => s.close());

  it('a primary user joins and gets a code and link; a secondary user and staff cannot', async () => {
    expect((await page()).affiliate).toBeNull();
    const joined = await s.api<AffiliatePage>('POST', '/api/customer/affiliate', { token: affiliateToken });
    expect(joined.status).toBe(200);
    code = joined.body.affiliate!.code;
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(joined.body.affiliate!.link).toMatch(new RegExp(`^https?://[^/]+/catalogue\\?ref=${code}$`));
    // Joining again keeps the code.
    expect((await s.api<AffiliatePage>('POST', '/api/customer/affiliate', { token: affiliateToken })).body.affiliate!.code).toBe(code);
    expect(await q('SELECT 1 FROM affiliates')).toHaveLength(1);

    const secondary = await s.login('webmaster@example.com');
    for (const [method, url] of [['POST', '/api/customer/affiliate'], ['GET', '/api/customer/affiliate'], ['POST', '/api/customer/affiliate/payouts']] as const) {
      const res = await s.api(method, url, { token: secondary });
      expect(res.status, url).toBe(403);
      expect(res.body.message).toMatch(/primary user/);
      expect((await s.api(method, url, { token: engineer })).status).toBe(403);
    }
    expect((await s.api('GET', '/api/billing/affiliate-payouts', { token: affiliateToken })).status).toBe(403);
    expect((await s.api('GET', '/api/billing/affiliate-payouts', { token: engineer })).status).toBe(403);
    expect((await s.api('PUT', '/api/admin/settings/affiliate', { token: billing, body: { commissionPercent: 50, windowDays: 90, pointCents: 100 } })).status).toBe(403);
  });

  it('refuses self-referral and referrals inside the same account; an unknown code is a 404 naming the field', async () => {
    // The affiliate itself, signed in, opening its own link.
    const own = await portalSignIn(s.url, 'customer@example.com');
    const res = await own.request('POST', '/api/portal/referral', { body: { code } });
    expect(res).toMatchObject({ status: 409, body: { error: 'self_referral', field: 'body.code' } });
    // A secondary user of the same account, coming through the link signed out, then signing in.
    const b = await referredBrowser('webmaster@example.com');
    expect(b.cookies.has('sb_ref')).toBe(false);
    expect(await q('SELECT 1 FROM referrals')).toHaveLength(0);
    // The owner buying with that cookie earns nothing either: the order records no referral.
    const ownBrowser = await browserSession(s.url);
    await ownBrowser.request('POST', '/api/portal/referral', { body: { code } });
    await ownBrowser.request('POST', '/api/portal/session', { body: { email: 'customer@example.com', password: 'switchboard' } });
    const { orderId } = await orderAndPay(ownBrowser);
    expect(await push(billing, 'order.verify', { orderId })).toMatchObject({ status: 'applied' });
    expect(await commissions()).toBe(0);
    expect(await q('SELECT 1 FROM referrals')).toHaveLength(0);

    const unknown = await (await browserSession(s.url)).request('POST', '/api/portal/referral', { body: { code: 'ZZZZZZZZ' } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'unknown_referral_code', field: 'body.code' } });
    const malformed = await (await browserSession(s.url)).request('POST', '/api/portal/referral', { body: { code: '<script>' } });
    expect(malformed).toMatchObject({ status: 400, body: { field: 'body.code' } });
    // A visit without the browser's CSRF token is refused.
    const noCsrf = await (await browserSession(s.url)).request('POST', '/api/portal/referral', { body: { code }, csrf: false });
    expect(noCsrf.status).toBe(403);
  });

  it('an account opened before the visit is not referred: signed in at the visit, or signing in after it', async () => {
    s.clock.advance(60_000);
    const existing = await addCustomerAccount(s, `Old Customer ${backend}`, `old-${backend}@example.com`);
    s.clock.advance(60_000);
    const signedIn = await portalSignIn(s.url, `old-${backend}@example.com`);
    expect(await signedIn.request('POST', '/api/portal/referral', { body: { code } })).toMatchObject({ status: 409, body: { error: 'not_new_account', field: 'body.code' } });
    const b = await referredBrowser(`old-${backend}@example.com`);
    expect(b.cookies.has('sb_ref')).toBe(false);
    await orderAndPay(b);
    expect(await q('SELECT 1 FROM referrals WHERE account_id = $1', [existing.accountId])).toHaveLength(0);
  });

  it('a referred visitor\'s order credits the commission once, on verification only; a rejected order credits nothing', async () => {
    // Through the link, signed out; the guest order opens the account and keeps the referral for it.
    const email = `referred-${backend}@example.com`;
    const b = await browserSession(s.url);
    expect(await b.request('POST', '/api/portal/referral', { body: { code } })).toMatchObject({ status: 200, body: { remembered: true } });
    const first = await orderAndPay(b, { email, name: 'Rita Referred', company: `Referred Shop ${backend}` });
    const other = await one<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE email = $1', [email]);
    expect(await one('SELECT account_id AS "accountId" FROM referrals')).toEqual({ accountId: other.accountId });
    expect(b.cookies.has('sb_ref')).toBe(false);
    expect((await page()).affiliate!.referrals.map((r) => r.company)).toEqual([`Referred Shop ${backend}`]);
    // The new owner sets a password from the emailed link (signing in again later needs it).
    const link = (await outboxTo(s, email)).find((m) => m.subject === 'Your customer account: set your password')!;
    const token = /set-password\?token=([A-Za-z0-9_-]+)/.exec(link.text)![1]!;
    expect((await (await browserSession(s.url)).request('POST', '/api/auth/set-password', { body: { token, password: demoPassword } })).status).toBe(200);
    expect((await b.request('POST', '/api/portal/session', { body: { email, password: demoPassword } })).status).toBe(200);

    // Paid, not verified: pending commission shown, nothing credited.
    expect(await commissions()).toBe(0);
    let view = (await page()).affiliate!;
    expect(view.orders.find((o) => o.orderId === first.orderId)).toMatchObject({ commission: 'pending', orderStatus: 'pending', commissionCents: Math.floor(first.amountCents / 10) });
    expect(view.pendingCents).toBe(Math.floor(first.amountCents / 10));
    expect(view.approvedCents).toBe(0);

    // Verified: credited; verified again (a console's retry): nothing more.
    expect(await push(billing, 'order.verify', { orderId: first.orderId })).toMatchObject({ status: 'applied' });
    expect(await push(billing, 'order.verify', { orderId: first.orderId })).toMatchObject({ status: 'applied' });
    expect(await q('SELECT order_id AS "orderId", amount_cents AS "amountCents", base_cents AS "baseCents", percent FROM affiliate_commissions')).toEqual([
      { orderId: first.orderId, amountCents: Math.floor(first.amountCents / 10), baseCents: first.amountCents, percent: 10 },
    ]);
    view = (await page()).affiliate!;
    expect(view.orders.find((o) => o.orderId === first.orderId)).toMatchObject({ commission: 'approved', orderStatus: 'verified' });
    expect(view).toMatchObject({ pendingCents: 0, approvedCents: Math.floor(first.amountCents / 10) });

    // A second order rejected: nothing credited, nothing pending.
    const second = await orderAndPay(b);
    expect(await push(billing, 'order.reject', { orderId: second.orderId, reason: 'Card reported stolen' })).toMatchObject({ status: 'applied' });
    expect(await push(billing, 'order.verify', { orderId: second.orderId })).toMatchObject({ status: 'rejected' });
    expect(await commissions()).toBe(1);
    view = (await page()).affiliate!;
    expect(view.orders.find((o) => o.orderId === second.orderId)).toMatchObject({ commission: 'none', orderStatus: 'rejected', commissionCents: 0 });
    expect(view.pendingCents).toBe(0);

    // After the window (90 days from the visit) a purchase earns nothing.
    s.clock.advance(91 * DAY);
    // (Everyone signs in again: the sessions of 91 days ago have ended.)
    expect((await b.request('POST', '/api/portal/session', { body: { email: `referred-${backend}@example.com`, password: 'switchboard' } })).status).toBe(200);
    billing = await s.login('billing@example.com', true);
    engineer = await s.login('engineer@example.com', true);
    affiliateToken = await s.login('customer@example.com', true);
    const late = await orderAndPay(b);
    expect(await push(billing, 'order.verify', { orderId: late.orderId })).toMatchObject({ status: 'applied' });
    expect(await commissions()).toBe(1);
    expect((await page()).affiliate!.orders.find((o) => o.orderId === late.orderId)).toMatchObject({ commission: 'none' });

    // A later link of another affiliate does not take the account over: the account is not new to it, the first referral stands.
    const rival = await addCustomerAccount(s, `Rival ${backend}`, `rival-${backend}@example.com`);
    const rivalCode = (await s.api<AffiliatePage>('POST', '/api/customer/affiliate', { token: rival.token })).body.affiliate!.code;
    const again = await b.request('POST', '/api/portal/referral', { body: { code: rivalCode } });
    expect(again).toMatchObject({ status: 409, body: { error: 'not_new_account' } });
    expect(await q('SELECT 1 FROM referrals')).toHaveLength(1);
  });

  it('a payout is asked for once and converted into support points through the ledger, or paid', async () => {
    const approved = (await page()).affiliate!.approvedCents;
    expect(approved).toBeGreaterThan(0);
    const balance = async () => (await one<{ n: number }>('SELECT coalesce(sum(points), 0)::int AS n FROM ledger_entries WHERE account_id = (SELECT account_id FROM affiliates WHERE code = $1)', [code])).n;
    const before = await balance();

    const asked = await s.api('POST', '/api/customer/affiliate/payouts', { token: affiliateToken });
    expect(asked).toMatchObject({ status: 200, body: { amountCents: approved } });
    // Nothing more to ask for until more commission is approved.
    expect(await s.api('POST', '/api/customer/affiliate/payouts', { token: affiliateToken })).toMatchObject({ status: 409, body: { error: 'nothing_to_pay' } });
    expect((await page()).affiliate).toMatchObject({ approvedCents: 0, payouts: [{ id: asked.body.payoutId, status: 'requested', amountCents: approved }] });

    const queue = await s.api('GET', '/api/billing/affiliate-payouts', { token: billing });
    expect(queue.body.payouts[0]).toMatchObject({ id: asked.body.payoutId, status: 'requested', company: expect.any(String), commissions: 1 });

    // Other roles are refused the decision.
    expect(await push(engineer, 'payout.convert', { payoutId: asked.body.payoutId })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(await push(billing, 'payout.convert', { payoutId: 999_999 })).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });

    expect(await push(billing, 'payout.convert', { payoutId: asked.body.payoutId })).toMatchObject({ status: 'applied' });
    // Retried: no second ledger entry. The other decision on a decided payout: refused.
    expect(await push(billing, 'payout.convert', { payoutId: asked.body.payoutId })).toMatchObject({ status: 'applied' });
    expect(await push(billing, 'payout.pay', { payoutId: asked.body.payoutId })).toMatchObject({ status: 'rejected', error: { code: 'payout_decided', field: 'args.payoutId' } });
    const points = Math.floor(approved / 100);
    expect(await q('SELECT kind, points, reason FROM ledger_entries WHERE kind = $1', ['affiliate_payout'])).toEqual([
      { kind: 'affiliate_payout', points, reason: expect.stringContaining(`payout #${asked.body.payoutId}`) },
    ]);
    expect(await balance()).toBe(before + points);
    expect((await page()).affiliate!.payouts[0]).toMatchObject({ status: 'converted', points });
    expect(await q("SELECT action FROM audit_log WHERE entity = 'affiliate_payout'")).toEqual([{ action: 'payout.convert' }]);
  });

  it('billing pays a payout; admins change the settings', async () => {
    const [rival] = await q<{ id: number; account_id: number }>("SELECT a.id, a.account_id FROM affiliates a JOIN accounts c ON c.id = a.account_id WHERE c.company LIKE 'Rival%'");
    // A commission of the rival, as a verified referral would make it.
    const [order] = await q<{ id: number }>("SELECT id FROM orders WHERE status = 'verified' AND id NOT IN (SELECT order_id FROM affiliate_commissions) LIMIT 1");
    await q('INSERT INTO affiliate_commissions (affiliate_id, order_id, base_cents, percent, amount_cents, created_at) VALUES ($1, $2, 5000, 10, 500, $3)', [rival!.id, order!.id, s.clock.now()]);
    const rivalToken = await s.login(`rival-${backend}@example.com`);
    const asked = await s.api('POST', '/api/customer/affiliate/payouts', { token: rivalToken });
    expect(asked.status).toBe(200);
    expect(await push(billing, 'payout.pay', { payoutId: asked.body.payoutId })).toMatchObject({ status: 'applied' });
    expect((await s.api<AffiliatePage>('GET', '/api/customer/affiliate', { token: rivalToken })).body.affiliate!.payouts[0]).toMatchObject({ status: 'paid', points: null });
    expect(await q('SELECT 1 FROM ledger_entries WHERE account_id = $1 AND kind = $2', [rival!.account_id, 'affiliate_payout'])).toHaveLength(0);

    const admin = await s.login('admin@example.com');
    const bad = await s.api('PUT', '/api/admin/settings/affiliate', { token: admin, body: { commissionPercent: 0, windowDays: 90, pointCents: 100 } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'body.commissionPercent' } });
    const saved = await s.api('PUT', '/api/admin/settings/affiliate', { token: admin, body: { commissionPercent: 12.5, windowDays: 30, pointCents: 50 } });
    expect(saved).toMatchObject({ status: 200, body: { commissionPercent: 12.5, windowDays: 30, pointCents: 50 } });
    expect((await s.api<AffiliatePage>('GET', '/api/customer/affiliate', { token: rivalToken })).body.settings.windowDays).toBe(30);
  });

  it('billing rejects a payout with a reason: its commission is approved again, exactly, and may be asked for anew', async () => {
    const dispatcher = await s.login('dispatcher@example.com', true);
    engineer = await s.login('engineer@example.com', true);
    billing = await s.login('billing@example.com', true);
    const [rival] = await q<{ id: number; account_id: number }>("SELECT a.id, a.account_id FROM affiliates a JOIN accounts c ON c.id = a.account_id WHERE c.company LIKE 'Rival%'");
    const rivalToken = await s.login(`rival-${backend}@example.com`, true);
    const rivalPage = async () => (await s.api<AffiliatePage>('GET', '/api/customer/affiliate', { token: rivalToken })).body.affiliate!;
    // Two commissions of the rival, as verified referred orders leave them.
    const [shop] = await q<{ id: number }>("INSERT INTO accounts (company, contact_email, created_at) VALUES ('Rejected Payout Shop', 'reject-shop@referred.example', $1) RETURNING id", [s.clock.now()]);
    for (const cents of [300, 455]) {
      const [order] = await q<{ id: number }>("INSERT INTO orders (account_id, items, status, created_at) VALUES ($1, '[]', 'verified', $2) RETURNING id", [shop!.id, s.clock.now()]);
      await q('INSERT INTO affiliate_commissions (affiliate_id, order_id, base_cents, percent, amount_cents, created_at) VALUES ($1, $2, $3, 10, $4, $5)', [rival!.id, order!.id, cents * 10, cents, s.clock.now()]);
    }
    expect((await rivalPage()).approvedCents).toBe(755);
    const ledgerBefore = await q('SELECT id, points FROM ledger_entries WHERE account_id = $1 ORDER BY id', [rival!.account_id]);
    const asked = await s.api('POST', '/api/customer/affiliate/payouts', { token: rivalToken });
    expect(asked).toMatchObject({ status: 200, body: { amountCents: 755 } });
    const payoutId = asked.body.payoutId as number;
    expect((await rivalPage()).approvedCents).toBe(0);

    // Roles: engineers and dispatchers are refused by the role check; a customer cannot push at all.
    for (const token of [engineer, dispatcher]) {
      expect(await push(token, 'payout.reject', { payoutId, reason: 'no' })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    }
    const byCustomer = await s.api('POST', '/api/sync/push', { token: rivalToken, body: { clientId: `affiliate-customer-${backend}`, mutations: [{ id: 1, name: 'payout.reject', args: { payoutId, reason: 'mine' } }] } });
    expect(byCustomer.status).toBe(403);
    // The reason is required.
    expect(await push(billing, 'payout.reject', { payoutId, reason: '   ' })).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field: 'args.reason' } });
    expect(await push(billing, 'payout.reject', { payoutId })).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field: 'args.reason' } });
    expect((await one<{ status: string }>('SELECT status FROM affiliate_payouts WHERE id = $1', [payoutId])).status).toBe('requested');

    expect(await push(billing, 'payout.reject', { payoutId, reason: '  The bank details on file do not match the account holder.  ' })).toMatchObject({ status: 'applied' });
    // Retried: nothing more; another decision on a rejected payout is refused, as is a rejection of a paid one.
    expect(await push(billing, 'payout.reject', { payoutId, reason: 'again' })).toMatchObject({ status: 'applied' });
    for (const name of ['payout.pay', 'payout.convert']) {
      expect(await push(billing, name, { payoutId })).toMatchObject({ status: 'rejected', error: { code: 'payout_decided', field: 'args.payoutId', message: expect.stringContaining('rejected already') } });
    }
    const [paid] = await q<{ id: number }>("SELECT id FROM affiliate_payouts WHERE status = 'paid'");
    expect(await push(billing, 'payout.reject', { payoutId: paid!.id, reason: 'too late' })).toMatchObject({ status: 'rejected', error: { code: 'payout_decided', message: expect.stringContaining('paid already') } });
    const [converted] = await q<{ id: number }>("SELECT id FROM affiliate_payouts WHERE status = 'converted'");
    expect(await push(billing, 'payout.reject', { payoutId: converted!.id, reason: 'too late' })).toMatchObject({ status: 'rejected', error: { code: 'payout_decided' } });

    // The affiliate reads the reason; the commission is approved again to the cent; the points ledger is untouched.
    const view = await rivalPage();
    expect(view.approvedCents).toBe(755);
    expect(view.payouts.find((p) => p.id === payoutId)).toMatchObject({ status: 'rejected', amountCents: 755, points: null, rejectReason: 'The bank details on file do not match the account holder.', decidedAt: s.clock.now() });
    expect(await q('SELECT id, points FROM ledger_entries WHERE account_id = $1 ORDER BY id', [rival!.account_id])).toEqual(ledgerBefore);
    expect(await q('SELECT 1 FROM affiliate_commissions WHERE payout_id = $1', [payoutId])).toHaveLength(0);
    const queue = await s.api('GET', '/api/billing/affiliate-payouts', { token: billing });
    expect(queue.body.payouts.find((p: { id: number }) => p.id === payoutId)).toMatchObject({ status: 'rejected', rejectReason: 'The bank details on file do not match the account holder.' });
    // One audit row, through the audit writer, with the reason and what went back.
    expect(await q("SELECT action, actor_user_id AS \"actorUserId\", account_id AS \"accountId\", details FROM audit_log WHERE entity = 'affiliate_payout' AND entity_id = $1", [payoutId])).toEqual([
      { action: 'payout.reject', actorUserId: expect.any(Number), accountId: rival!.account_id, details: expect.anything() },
    ]);
    const [audit] = await q<{ details: unknown }>("SELECT details FROM audit_log WHERE action = 'payout.reject'");
    expect(typeof audit!.details === 'string' ? JSON.parse(audit!.details) : audit!.details).toEqual({ reason: 'The bank details on file do not match the account holder.', releasedCents: 755 });

    // Asked for again: a new payout of the same amount, and nothing left over.
    const again = await s.api('POST', '/api/customer/affiliate/payouts', { token: rivalToken });
    expect(again).toMatchObject({ status: 200, body: { amountCents: 755 } });
    expect(again.body.payoutId).not.toBe(payoutId);
    expect((await rivalPage()).approvedCents).toBe(0);
    const sums = await one<{ commissions: number; open: number }>(
      "SELECT (SELECT sum(amount_cents)::int FROM affiliate_commissions WHERE affiliate_id = $1) AS commissions, (SELECT sum(amount_cents)::int FROM affiliate_payouts WHERE affiliate_id = $1 AND status <> 'rejected') AS open",
      [rival!.id],
    );
    expect(sums.commissions).toBe(sums.open);
  });
});
