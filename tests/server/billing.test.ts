/**
 * Billing and licenses (DOMAIN.md "Licenses", "Orders and invoices"), one test per rule, on
 * PGlite and PostgreSQL: the customer's REST side and the billing manager's pushed mutations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, upload } from '../support/fileArea';
import { addCustomerAccount } from '../support/customerAccount';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const HOUR = 3_600_000;

describe.each(backends)('billing and licenses on %s', (backend) => {
  let s: TestServer;
  let billing: string;
  let customer: string;
  let pushes = 0;
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => s.ctx.db.query<T>(sql, params);
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0]!;
  const carla = () => s.ids['customer@example.com']!;
  const accountOf = async (userId: number) => (await one<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE id = $1', [userId])).accountId;

  /** One mutation pushed from a fresh console client; returns its result. */
  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `billing-test-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: 'applied' | 'rejected'; error: { code: string; message: string; field?: string } | null };
  }

  const addAccount = (company: string, email: string) => addCustomerAccount(s, company, email);

  /** Billing issues an invoice; the customer pays it at the fake provider; returns the order. */
  async function buy(token: string, accountId: number, items: unknown[], amountCents: number) {
    expect(await push(billing, 'invoice.issue', { accountId, description: 'Purchase', amountCents, items })).toMatchObject({ status: 'applied' });
    const invoice = await one<{ id: number }>('SELECT id FROM invoices WHERE account_id = $1 ORDER BY id DESC LIMIT 1', [accountId]);
    const paid = await s.api('POST', '/api/payments/fake/checkout', { token, body: { invoiceId: invoice.id } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    return { invoiceId: invoice.id, orderId: paid.body.orderId as number };
  }

  async function activeLicense(token: string, accountId: number, product = 'X-Cart', kind = 'license', parentLicenseId?: number) {
    const { orderId } = await buy(token, accountId, [{ type: kind, product, edition: 'Gold', priceCents: 10000, ...(parentLicenseId ? { parentLicenseId } : {}) }], 10000);
    expect(await push(billing, 'order.verify', { orderId })).toMatchObject({ status: 'applied' });
    const order = await one<{ items: Array<{ licenseId: number }> }>('SELECT items FROM orders WHERE id = $1', [orderId]);
    const licenseId = order.items[0]!.licenseId;
    await q('UPDATE licenses SET url = $2 WHERE id = $1', [licenseId, `https://shop${licenseId}.example/`]);
    return { licenseId, key: (await one<{ key: string }>('SELECT key FROM licenses WHERE id = $1', [licenseId])).key };
  }

  const emailsFor = (keyPrefix: string) => q<{ eventKey: string; to: string; text: string }>(
    'SELECT event_key AS "eventKey", to_address AS "to", text_body AS text FROM email_outbox WHERE event_key LIKE $1 ORDER BY id', [`${keyPrefix}%`],
  );
  const balance = async (accountId: number) => (await one<{ b: number }>('SELECT coalesce(sum(points), 0)::int AS b FROM ledger_entries WHERE account_id = $1', [accountId])).b;

  beforeAll(async () => {
    s = await startTestServer(backend);
    billing = await s.login('billing@example.com');
    customer = await s.login('customer@example.com');
  });
  afterAll(() => s.close());

  it('a paid invoice becomes a pending order whose license is pending; verifying activates it, credits points and tells the customer, once', async () => {
    const accountId = await accountOf(carla());
    const before = await balance(accountId);
    const { orderId, invoiceId } = await buy(customer, accountId, [
      { type: 'license', product: 'LiteCommerce', edition: 'Pro', priceCents: 20000 },
      { type: 'support_points', points: 25, priceCents: 5000 },
    ], 25000);
    expect(await one('SELECT status FROM invoices WHERE id = $1', [invoiceId])).toEqual({ status: 'paid' });
    const order = await one<{ status: string; items: Array<{ licenseId?: number }> }>('SELECT status, items FROM orders WHERE id = $1', [orderId]);
    expect(order.status).toBe('pending');
    const licenseId = order.items[0]!.licenseId!;
    expect(await one('SELECT status FROM licenses WHERE id = $1', [licenseId])).toEqual({ status: 'pending' });
    const mine = await s.api('GET', '/api/customer/licenses', { token: customer });
    expect(mine.body.licenses.find((l: { id: number }) => l.id === licenseId)).toMatchObject({ status: 'pending', product: 'LiteCommerce' });

    expect(await push(billing, 'order.verify', { orderId })).toMatchObject({ status: 'applied', error: null });
    const l = await one<{ status: string; certificate: string; version: number }>('SELECT status, certificate, version FROM licenses WHERE id = $1', [licenseId]);
    expect(l.status).toBe('active');
    expect(l.certificate).toContain('BEGIN LICENSE CERTIFICATE');
    expect(await balance(accountId)).toBe(before + 25);
    const emails = await emailsFor(`order:${orderId}:`);
    expect(emails.map((e) => e.eventKey)).toEqual([`order:${orderId}:verified`]);
    expect(emails[0]!.text).toContain('File area');

    // Verifying again (another console, a retried push) changes nothing.
    expect(await push(billing, 'order.verify', { orderId })).toMatchObject({ status: 'applied' });
    expect(await one('SELECT version FROM licenses WHERE id = $1', [licenseId])).toEqual({ version: l.version });
    expect(await balance(accountId)).toBe(before + 25);
    expect(await emailsFor(`order:${orderId}:`)).toHaveLength(1);
  });

  it('two billing managers verifying one order at once verify it once', async () => {
    const accountId = await accountOf(carla());
    const admin = await s.login('admin@example.com');
    const { orderId } = await buy(customer, accountId, [{ type: 'support_points', points: 10, priceCents: 3000 }], 3000);
    const before = await balance(accountId);
    const results = await Promise.all([push(billing, 'order.verify', { orderId }), push(admin, 'order.verify', { orderId })]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await balance(accountId)).toBe(before + 10);
    expect(await q(`SELECT 1 FROM ledger_entries WHERE order_id = $1`, [orderId])).toHaveLength(1);
    expect(await emailsFor(`order:${orderId}:`)).toHaveLength(1);
  });

  it('a forged, tampered or replayed payment callback changes nothing', async () => {
    const accountId = await accountOf(carla());
    expect(await push(billing, 'invoice.issue', { accountId, description: 'Hosting', amountCents: 24000, items: [{ type: 'hosting', plan: 'Business', months: 12, priceCents: 24000 }] })).toMatchObject({ status: 'applied' });
    const { id: invoiceId } = await one<{ id: number }>('SELECT id FROM invoices WHERE account_id = $1 ORDER BY id DESC LIMIT 1', [accountId]);
    const event = { transactionId: 'tx-1', invoiceId, amountCents: 24000, currency: 'USD', paidAt: s.clock.now() };
    const orders = async () => (await q('SELECT 1 FROM orders WHERE invoice_id = $1', [invoiceId])).length;

    const forged = await s.api('POST', '/api/payments/callback', { body: { payload: JSON.stringify(event), signature: 'a'.repeat(64) } });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: 'bad_signature', field: 'body.signature' });
    const signed = s.ctx.payments.sign(event);
    const tampered = await s.api('POST', '/api/payments/callback', { body: { payload: signed.payload.replace('24000', '1'), signature: signed.signature } });
    expect(tampered.status).toBe(401);
    expect(await one('SELECT status FROM invoices WHERE id = $1', [invoiceId])).toEqual({ status: 'unpaid' });
    expect(await q('SELECT 1 FROM payment_events WHERE transaction_id = $1', ['tx-1'])).toHaveLength(0);

    // A NUL in a signed payload's field (escaped in the payload's text): 400 naming it, nothing stored.
    const withNul = await s.api('POST', '/api/payments/callback', { body: s.ctx.payments.sign({ ...event, transactionId: 'tx-\u0000-1' }) });
    expect(withNul.status).toBe(400);
    expect(withNul.body).toMatchObject({ error: 'validation_failed', field: 'body.payload.transactionId' });
    expect(await one('SELECT status FROM invoices WHERE id = $1', [invoiceId])).toEqual({ status: 'unpaid' });

    const wrongAmount = await s.api('POST', '/api/payments/callback', { body: s.ctx.payments.sign({ ...event, transactionId: 'tx-0', amountCents: 100 }) });
    expect(wrongAmount.body).toEqual({ outcome: 'amount_mismatch' });
    expect(await one('SELECT status FROM invoices WHERE id = $1', [invoiceId])).toEqual({ status: 'unpaid' });

    const paid = await s.api('POST', '/api/payments/callback', { body: signed });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    const replayed = await s.api('POST', '/api/payments/callback', { body: signed });
    expect(replayed.body).toEqual({ outcome: 'replayed' });
    const secondPayment = await s.api('POST', '/api/payments/callback', { body: s.ctx.payments.sign({ ...event, transactionId: 'tx-2' }) });
    expect(secondPayment.body).toEqual({ outcome: 'already_settled' });
    expect(await orders()).toBe(1);
  });

  it('a rejected order tells the customer the reason and its pending license never activates', async () => {
    const accountId = await accountOf(carla());
    const { orderId } = await buy(customer, accountId, [{ type: 'license', product: 'X-Cart', edition: 'Pro', priceCents: 9000 }], 9000);
    const order = await one<{ items: Array<{ licenseId: number }> }>('SELECT items FROM orders WHERE id = $1', [orderId]);
    const empty = await push(billing, 'order.reject', { orderId, reason: '  ' });
    expect(empty).toMatchObject({ status: 'rejected', error: { field: 'args.reason' } });
    expect(await push(billing, 'order.reject', { orderId, reason: 'The card holder name does not match.' })).toMatchObject({ status: 'applied' });
    expect(await one('SELECT status FROM licenses WHERE id = $1', [order.items[0]!.licenseId])).toEqual({ status: 'revoked' });
    const [email] = await emailsFor(`order:${orderId}:rejected`);
    expect(email!.text).toContain('The card holder name does not match.');
    expect(await push(billing, 'order.verify', { orderId })).toMatchObject({ status: 'rejected', error: { code: 'order_rejected' } });
  });

  it('only billing and admins decide orders, invoices, requests and the ledger', async () => {
    const accountId = await accountOf(carla());
    for (const who of ['engineer@example.com', 'dispatcher@example.com']) {
      const token = await s.login(who);
      const r = await push(token, 'ledger.adjust', { accountId, points: 5, reason: 'goodwill' });
      expect(r, who).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      expect(r.error!.message).toContain('may not adjust points');
    }
    const before = await balance(accountId);
    expect(await push(billing, 'ledger.adjust', { accountId, points: -3, reason: 'Correction of a double credit' })).toMatchObject({ status: 'applied' });
    expect(await balance(accountId)).toBe(before - 3);
    expect(await push(billing, 'ledger.adjust', { accountId, points: 0, reason: 'nothing' })).toMatchObject({ status: 'rejected', error: { field: 'args.points' } });
    expect(await push(billing, 'invoice.issue', { accountId, description: 'x', amountCents: 500, items: [{ type: 'service', name: 'Setup', priceCents: 400 }] }))
      .toMatchObject({ status: 'rejected', error: { code: 'amount_mismatch', field: 'args.amountCents' } });
  });

  it('a secondary user gets no licenses, invoices, orders or account management, with the reason', async () => {
    const webmaster = await s.login('webmaster@example.com');
    for (const url of ['/api/customer/licenses', '/api/customer/invoices', '/api/customer/orders', '/api/customer/account', '/api/customer/users']) {
      const r = await s.api('GET', url, { token: webmaster });
      expect(r.status, url).toBe(403);
      expect(r.body.message, url).toContain('message board and the FAQ only');
    }
  });

  it('a transfer moves the license and the points on approval; the target signs to activate it', async () => {
    const from = await addAccount('Seller Shop', 'seller@example.com');
    const to = await addAccount('Buyer Shop', 'buyer@example.com');
    const { licenseId } = await activeLicense(from.token, from.accountId);
    await push(billing, 'ledger.adjust', { accountId: from.accountId, points: 30, reason: 'points bought earlier' });

    const tooMany = await s.api('POST', `/api/customer/licenses/${licenseId}/transfer`, { token: from.token, body: { targetUrl: 'https://buyer.example/', targetCompany: 'Buyer Shop', targetEmail: 'buyer@example.com', points: 31 } });
    expect(tooMany).toMatchObject({ status: 409, body: { error: 'insufficient_points', field: 'body.points' } });
    const badUrl = await s.api('POST', `/api/customer/licenses/${licenseId}/transfer`, { token: from.token, body: { targetUrl: 'javascript:alert(1)', targetCompany: 'Buyer Shop', targetEmail: 'buyer@example.com' } });
    expect(badUrl).toMatchObject({ status: 400, body: { field: 'body.targetUrl' } });

    const req = await s.api('POST', `/api/customer/licenses/${licenseId}/transfer`, { token: from.token, body: { targetUrl: 'https://buyer.example/', targetCompany: 'Buyer Shop', targetEmail: 'BUYER@example.com', points: 20 } });
    expect(req.status).toBe(200);
    const transferId = req.body.transferId as number;
    const again = await s.api('POST', `/api/customer/licenses/${licenseId}/transfer`, { token: from.token, body: { targetUrl: 'https://x.example/', targetCompany: 'X', targetEmail: 'buyer@example.com' } });
    expect(again).toMatchObject({ status: 409, body: { error: 'transfer_pending' } });
    // Nothing moves before billing decides.
    expect(await one('SELECT status, account_id AS "accountId" FROM licenses WHERE id = $1', [licenseId])).toEqual({ status: 'active', accountId: from.accountId });

    expect(await push(billing, 'transfer.approve', { transferId })).toMatchObject({ status: 'applied' });
    const t = await one<{ status: string; newLicenseId: number; toAccountId: number }>('SELECT status, new_license_id AS "newLicenseId", to_account_id AS "toAccountId" FROM license_transfers WHERE id = $1', [transferId]);
    expect(t).toMatchObject({ status: 'approved', toAccountId: to.accountId });
    expect(await one('SELECT status FROM licenses WHERE id = $1', [licenseId])).toEqual({ status: 'transferred' });
    expect(await one('SELECT status, account_id AS "accountId", url FROM licenses WHERE id = $1', [t.newLicenseId])).toEqual({ status: 'not_accepted', accountId: to.accountId, url: 'https://buyer.example/' });
    expect(await balance(from.accountId)).toBe(10);
    expect(await balance(to.accountId)).toBe(20);
    expect(await q(`SELECT kind, points FROM ledger_entries WHERE kind IN ('transfer_in', 'transfer_out') AND account_id = ANY($1::bigint[]) ORDER BY points`, [[from.accountId, to.accountId]]))
      .toEqual([{ kind: 'transfer_out', points: -20 }, { kind: 'transfer_in', points: 20 }]);

    // The target sees the product's files only after signing.
    const admin = await s.login('admin@example.com');
    const folder = await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'X-Cart 4.1.x (current version)', access: 'product', product: 'X-Cart' } });
    expect(folder.status).toBe(201);
    const published = await upload(s, admin, `/api/admin/file-folders/${folder.body.id}/files?name=xcart-4.1.tgz&published=true`, bytes(2048));
    expect(published.status).toBe(201);
    const visibleFolders = async (token: string) => (await s.api('GET', '/api/customer/files', { token })).body.folders.map((f: { name: string }) => f.name);
    expect(await visibleFolders(from.token)).not.toContain('X-Cart 4.1.x (current version)');
    expect(await visibleFolders(to.token)).not.toContain('X-Cart 4.1.x (current version)');

    const waiting = await s.api('GET', '/api/customer/licenses', { token: to.token });
    expect(waiting.body.awaitingSignature).toEqual([expect.objectContaining({ id: transferId, fromCompany: 'Seller Shop', points: 20 })]);
    const unsigned = await s.api('POST', `/api/customer/transfers/${transferId}/accept`, { token: to.token, body: { signature: 'John Smith' } });
    expect(unsigned).toMatchObject({ status: 400, body: { field: 'body.signature' } });
    const stranger = await s.api('POST', `/api/customer/transfers/${transferId}/accept`, { token: from.token, body: { signature: '/Seller/' } });
    expect(stranger.status).toBe(404);
    const signed = await s.api('POST', `/api/customer/transfers/${transferId}/accept`, { token: to.token, body: { signature: '/John Smith/' } });
    expect(signed.status).toBe(200);
    expect(await one('SELECT status FROM licenses WHERE id = $1', [t.newLicenseId])).toEqual({ status: 'active' });
    expect(await visibleFolders(to.token)).toContain('X-Cart 4.1.x (current version)');
    expect(await one('SELECT status, signature FROM license_transfers WHERE id = $1', [transferId])).toEqual({ status: 'accepted', signature: '/John Smith/' });
    expect((await emailsFor(`transfer:${transferId}:`)).map((e) => e.eventKey).sort()).toEqual(
      ['accepted:owner', 'accepted:target', 'approved:owner', 'approved:target', 'requested'].map((k) => `transfer:${transferId}:${k}`),
    );
  });

  it('an add-on goes only to an active main license: to another company\'s key, or one of the owner\'s own', async () => {
    const owner = await addAccount('Addon Owner', 'addon-owner@example.com');
    const other = await addAccount('Other Company', 'other@example.com');
    const { licenseId: mainId } = await activeLicense(owner.token, owner.accountId);
    const { licenseId: secondMainId, key: secondKey } = await activeLicense(owner.token, owner.accountId);
    const { licenseId: addonId } = await activeLicense(owner.token, owner.accountId, 'X-Cart', 'addon', mainId);
    // The other company holds only a pending license: no active main license to register to.
    const { orderId: pendingOrder } = await buy(other.token, other.accountId, [{ type: 'license', product: 'X-Cart', edition: 'Gold', priceCents: 100 }], 100);
    const pendingKey = (await one<{ key: string }>(`SELECT l.key FROM licenses l JOIN orders o ON (o.items->0->>'licenseId')::bigint = l.id WHERE o.id = $1`, [pendingOrder])).key;
    const toPending = await s.api('POST', `/api/customer/licenses/${addonId}/transfer`, { token: owner.token, body: { targetUrl: 'https://other.example/', targetCompany: 'Other Company', targetLicenseKey: pendingKey } });
    expect(toPending).toMatchObject({ status: 400, body: { error: 'no_active_main_license', field: 'body.targetLicenseKey' } });
    const noKey = await s.api('POST', `/api/customer/licenses/${addonId}/transfer`, { token: owner.token, body: { targetUrl: 'https://other.example/', targetCompany: 'Other Company' } });
    expect(noKey).toMatchObject({ status: 400, body: { field: 'body.targetLicenseKey' } });

    // To one of the owner's own licenses: re-registered on approval, nothing to sign.
    const own = await s.api('POST', `/api/customer/licenses/${addonId}/transfer`, { token: owner.token, body: { targetUrl: 'https://own.example/', targetCompany: 'Addon Owner', targetLicenseKey: secondKey } });
    expect(await push(billing, 'transfer.approve', { transferId: own.body.transferId })).toMatchObject({ status: 'applied' });
    expect(await one('SELECT status, parent_license_id AS "parentLicenseId" FROM licenses WHERE id = $1', [addonId])).toEqual({ status: 'active', parentLicenseId: secondMainId });

    // To another company's active license key.
    await q(`UPDATE orders SET status = 'pending' WHERE id = $1`, [pendingOrder]);
    expect(await push(billing, 'order.verify', { orderId: pendingOrder })).toMatchObject({ status: 'applied' });
    const away = await s.api('POST', `/api/customer/licenses/${addonId}/transfer`, { token: owner.token, body: { targetUrl: 'https://other.example/', targetCompany: 'Other Company', targetLicenseKey: pendingKey } });
    expect(away.status).toBe(200);
    expect(await push(billing, 'transfer.approve', { transferId: away.body.transferId })).toMatchObject({ status: 'applied' });
    const moved = await one<{ newLicenseId: number }>('SELECT new_license_id AS "newLicenseId" FROM license_transfers WHERE id = $1', [away.body.transferId]);
    expect(await one('SELECT status, account_id AS "accountId", kind FROM licenses WHERE id = $1', [moved.newLicenseId])).toEqual({ status: 'not_accepted', accountId: other.accountId, kind: 'addon' });
  });

  it('a URL change needs the 48-hour acknowledgement, is editable and cancellable while pending, and its approval reissues the certificate and logs it', async () => {
    const owner = await addAccount('Moving Shop', 'moving@example.com');
    const { licenseId, key } = await activeLicense(owner.token, owner.accountId);
    const url = `/api/customer/licenses/${licenseId}/url-change`;
    const unticked = await s.api('PUT', url, { token: owner.token, body: { newUrl: 'https://new.example/', acknowledged: false } });
    expect(unticked).toMatchObject({ status: 400, body: { field: 'body.acknowledged' } });
    expect(unticked.body.message).toContain('48 hours');

    const first = await s.api('PUT', url, { token: owner.token, body: { newUrl: 'https://nwe.example/', acknowledged: true } });
    const edited = await s.api('PUT', url, { token: owner.token, body: { newUrl: 'https://new.example/', acknowledged: true } });
    expect(edited.body.requestId).toBe(first.body.requestId);
    expect(await one('SELECT new_url AS "newUrl", status FROM url_change_requests WHERE id = $1', [first.body.requestId])).toEqual({ newUrl: 'https://new.example/', status: 'pending' });
    expect((await s.api('DELETE', url, { token: owner.token })).status).toBe(200);
    expect(await one('SELECT status FROM url_change_requests WHERE id = $1', [first.body.requestId])).toEqual({ status: 'cancelled' });

    const req = await s.api('PUT', url, { token: owner.token, body: { newUrl: 'https://new.example/', acknowledged: true } });
    const oldUrl = (await one<{ url: string }>('SELECT url FROM licenses WHERE id = $1', [licenseId])).url;
    expect(await push(billing, 'urlChange.approve', { requestId: req.body.requestId })).toMatchObject({ status: 'applied' });
    const l = await one<{ url: string; certificate: string }>('SELECT url, certificate FROM licenses WHERE id = $1', [licenseId]);
    expect(l.url).toBe('https://new.example/');
    expect(l.certificate).toContain('Licensed URL: https://new.example/');
    expect(await one('SELECT removal_deadline AS "deadline", old_url AS "oldUrl" FROM url_change_requests WHERE id = $1', [req.body.requestId]))
      .toEqual({ deadline: s.clock.now() + 48 * HOUR, oldUrl });
    const log = await q<{ body: string }>(
      `SELECT m.body FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.account_id = $1 AND t.type = 'log' AND t.subject = 'LOG: License URL modifications'`,
      [owner.accountId],
    );
    expect(log).toHaveLength(1);
    expect(log[0]!.body).toContain(key);
    expect(log[0]!.body).toContain(`Old URL: ${oldUrl}`);
    expect(await emailsFor(`url_change:${req.body.requestId}:approved`)).toHaveLength(1);
    // The customer sees the log ticket on its message board.
    const tickets = await s.api('GET', '/api/customer/tickets', { token: owner.token });
    expect(tickets.body.tickets.map((t: { subject: string }) => t.subject)).toContain('LOG: License URL modifications');
  });

  it('newsletter topics and secondary users are managed by the primary user', async () => {
    const n = await s.api('PUT', '/api/customer/account/newsletter', { token: customer, body: { topics: ['security_alerts', 'company_news'] } });
    expect(n.body).toEqual({ topics: ['security_alerts', 'company_news'] });
    const bad = await s.api('PUT', '/api/customer/account/newsletter', { token: customer, body: { topics: ['spam'] } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'body.topics.0' } });
    const added = await s.api('POST', '/api/customer/users', { token: customer, body: { email: 'helper@example.com', name: 'Helper', password: 'long enough password' } });
    expect(added.status).toBe(200);
    const helper = await s.api('POST', '/api/auth/login', { body: { email: 'helper@example.com', password: 'long enough password' } });
    expect(helper.status).toBe(200);
    expect((await s.api('GET', '/api/customer/licenses', { token: helper.body.token })).status).toBe(403);
    expect((await s.api('DELETE', `/api/customer/users/${added.body.userId}`, { token: customer })).status).toBe(200);
    expect((await s.api('GET', '/api/customer/tickets', { token: helper.body.token })).status).toBe(401);
  });
});
