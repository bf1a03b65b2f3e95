/**
 * The catalogue and "Order online" (issue 22, "Buy products/services"), on PGlite and
 * PostgreSQL: admins keep the catalogue through pushed mutations with its price history; a
 * primary user orders an item, its invoice is issued at once, paid at the fake provider and
 * verified by billing: a new license is active at the ordered URL, an add-on attaches to its
 * license, a points package credits points. Bad input is refused naming the field, with
 * nothing written and nothing charged; a double submit makes one invoice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoCatalogue } from '../../src/server/seed/write/catalogue';
import type { CatalogueEntry } from '../../src/shared/catalogue/catalogue';
import { addCustomerAccount } from '../support/customerAccount';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('catalogue and online orders on %s', (backend) => {
  let s: TestServer;
  let admin: string;
  let billing: string;
  let customer: string;
  let pushes = 0;
  let keys = 0;
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => s.ctx.db.query<T>(text, params);
  const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await q<T>(text, params))[0]!;
  const count = async (table: string) => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;
  const orderKey = () => `test-order-${backend}-${++keys}`;

  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `catalogue-test-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: 'applied' | 'rejected'; error: { code: string; message: string; field?: string } | null };
  }

  const list = async () => (await s.api<{ items: CatalogueEntry[] }>('GET', '/api/catalogue')).body.items;
  const find = async (kind: string, name: string, product?: string) => {
    const item = (await list()).find((i) => i.kind === kind && i.name === name && (product === undefined || i.product === product));
    if (!item) throw new Error(`no ${kind} ${name} on sale`);
    return item;
  };

  const addAccount = (company: string, email: string) => addCustomerAccount(s, company, email);

  /** Orders online, pays at the fake provider, billing verifies; returns the order's first item. */
  async function buy(token: string, form: Record<string, unknown>) {
    const placed = await s.api('POST', '/api/customer/orders/online', { token, body: { orderKey: orderKey(), ...form } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const paid = await s.api('POST', '/api/payments/fake/checkout', { token, body: { invoiceId: placed.body.invoiceId } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    expect(await push(billing, 'order.verify', { orderId: paid.body.orderId })).toMatchObject({ status: 'applied' });
    const order = await one<{ items: Array<{ licenseId?: number }> }>('SELECT items FROM orders WHERE id = $1', [paid.body.orderId]);
    return { invoiceId: placed.body.invoiceId as number, orderId: paid.body.orderId as number, licenseId: order.items[0]!.licenseId };
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
    await ensureDemoCatalogue(s.ctx.db, s.clock.now());
    admin = await s.login('admin@example.com');
    billing = await s.login('billing@example.com');
    customer = await s.login('customer@example.com');
  });
  afterAll(() => s.close());

  it('admins keep the catalogue: create, reprice with the history kept, retire; others are refused', async () => {
    const created = await push(admin, 'catalogue.create', { kind: 'addon', product: 'X-Cart', name: 'X-Payments', description: 'Card payments', priceCents: 12000 });
    expect(created).toMatchObject({ status: 'applied' });
    const item = await find('addon', 'X-Payments');
    expect(item).toMatchObject({ product: 'X-Cart', priceCents: 12000, active: true });

    s.clock.advance(60_000);
    expect(await push(admin, 'catalogue.update', { itemId: item.id, priceCents: 13500 })).toMatchObject({ status: 'applied' });
    expect((await find('addon', 'X-Payments')).priceCents).toBe(13500);
    const adminView = await s.api('GET', '/api/admin/catalogue', { token: admin });
    const history = adminView.body.items.find((i: { id: number }) => i.id === item.id).prices;
    expect(history.map((p: { priceCents: number }) => p.priceCents)).toEqual([12000, 13500]);
    expect(history[1].setByName).toBe('Ada Admin');

    expect(await push(admin, 'catalogue.setActive', { itemId: item.id, active: false })).toMatchObject({ status: 'applied' });
    expect((await list()).some((i) => i.id === item.id)).toBe(false);
    // Retired items stay in the admin's list for the orders that name them.
    const after = await s.api('GET', '/api/admin/catalogue', { token: admin });
    expect(after.body.items.find((i: { id: number }) => i.id === item.id)).toMatchObject({ active: false });

    // The audit log has each change.
    const audited = await q<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'catalogue_item' AND entity_id = $1 ORDER BY id`, [item.id]);
    expect(audited.map((a) => a.action)).toEqual(['catalogue.create', 'catalogue.update', 'catalogue.retire']);

    // Only admins: billing is refused, and reading the admin list too.
    expect(await push(billing, 'catalogue.update', { itemId: item.id, priceCents: 1 })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect((await s.api('GET', '/api/admin/catalogue', { token: billing })).status).toBe(403);
    expect((await s.api('GET', '/api/admin/catalogue', { token: customer })).status).toBe(403);
  });

  it('refuses a malformed or duplicate item naming the field', async () => {
    expect(await push(admin, 'catalogue.create', { kind: 'addon', name: 'Orphan', priceCents: 100 })).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field: 'args.product' } });
    expect(await push(admin, 'catalogue.create', { kind: 'service', name: 'Free', priceCents: 0 })).toMatchObject({ status: 'rejected', error: { field: 'args.priceCents' } });
    expect(await push(admin, 'catalogue.create', { kind: 'hosting', name: 'Tiny', priceCents: 100 })).toMatchObject({ status: 'rejected', error: { field: 'args.months' } });
    expect(await push(admin, 'catalogue.create', { kind: 'license', product: 'X-Cart', name: 'gold', priceCents: 100 })).toMatchObject({ status: 'rejected', error: { code: 'catalogue_item_exists', field: 'args.name' } });
    expect(await push(admin, 'catalogue.update', { itemId: 999_999, priceCents: 100 })).toMatchObject({ status: 'rejected', error: { code: 'not_found', field: 'args.itemId' } });
  });

  it('a visitor sees the active catalogue; a bought license is active at the ordered URL once billing verifies it', async () => {
    const visitor = await list();
    expect(visitor.length).toBeGreaterThan(10);
    expect(visitor.every((i) => i.active)).toBe(true);
    expect(visitor.some((i) => i.name === 'X-Survey Classic')).toBe(false);

    const gold = await find('license', 'Gold', 'X-Cart');
    const placed = await s.api('POST', '/api/customer/orders/online', { token: customer, body: { itemId: gold.id, priceCents: gold.priceCents, licenseUrl: 'https://shop.example/store/', orderKey: orderKey() } });
    expect(placed).toMatchObject({ status: 200, body: { created: true } });
    // The invoice is issued at once, for the price on the list, and the customer told.
    const invoice = await s.api('GET', `/api/customer/invoices/${placed.body.invoiceId}`, { token: customer });
    expect(invoice.body.invoice).toMatchObject({ status: 'unpaid', amountCents: gold.priceCents, items: [{ type: 'license', product: 'X-Cart', edition: 'Gold', url: 'https://shop.example/store/', catalogueItemId: gold.id }] });
    expect(await q('SELECT 1 FROM email_outbox WHERE event_key = $1', [`invoice:${placed.body.invoiceId}:issued`])).toHaveLength(1);

    const pay = await s.api('POST', `/api/customer/invoices/${placed.body.invoiceId}/pay`, { token: customer });
    expect(pay.body).toMatchObject({ provider: 'fake', redirectUrl: null });
    const paid = await s.api('POST', '/api/payments/fake/checkout', { token: customer, body: { invoiceId: placed.body.invoiceId } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    const order = await one<{ status: string; items: Array<{ licenseId: number }> }>('SELECT status, items FROM orders WHERE id = $1', [paid.body.orderId]);
    expect(order.status).toBe('pending');
    const licenseId = order.items[0]!.licenseId;
    expect(await one('SELECT status, url FROM licenses WHERE id = $1', [licenseId])).toEqual({ status: 'pending', url: 'https://shop.example/store/' });

    expect(await push(billing, 'order.verify', { orderId: paid.body.orderId })).toMatchObject({ status: 'applied' });
    const license = await one<{ status: string; url: string; certificate: string }>('SELECT status, url, certificate FROM licenses WHERE id = $1', [licenseId]);
    expect(license).toMatchObject({ status: 'active', url: 'https://shop.example/store/' });
    expect(license.certificate).toContain('https://shop.example/store/');
  });

  it('an add-on attaches to the main license it was bought for; a points package credits its points', async () => {
    const gold = await find('license', 'Gold', 'X-Cart');
    const main = await buy(customer, { itemId: gold.id, priceCents: gold.priceCents, licenseUrl: 'https://addons.example/' });
    const rma = await find('addon', 'X-RMA', 'X-Cart');
    const addon = await buy(customer, { itemId: rma.id, priceCents: rma.priceCents, parentLicenseId: main.licenseId });
    expect(await one('SELECT kind, status, parent_license_id AS "parentLicenseId", product, edition FROM licenses WHERE id = $1', [addon.licenseId]))
      .toEqual({ kind: 'addon', status: 'active', parentLicenseId: main.licenseId, product: 'X-Cart', edition: 'X-RMA' });
    // No URL of its own: it runs at its main license's, which its certificate names.
    const cert = await one<{ url: string; certificate: string }>('SELECT url, certificate FROM licenses WHERE id = $1', [addon.licenseId]);
    expect(cert.url).toBe('');
    expect(cert.certificate).toContain('Licensed URL: https://addons.example/\n');

    const accountId = (await one<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE id = $1', [s.ids['customer@example.com']])).accountId;
    const balance = async () => (await one<{ b: number }>('SELECT coalesce(sum(points), 0)::int AS b FROM ledger_entries WHERE account_id = $1', [accountId])).b;
    const before = await balance();
    const pack = (await list()).find((i) => i.kind === 'support_points' && i.points === 25)!;
    await buy(customer, { itemId: pack.id, priceCents: pack.priceCents });
    expect(await balance()).toBe(before + 25);
  });

  it('refuses a retired item, a changed price, a wrong license and a secondary user, naming the field; nothing is written', async () => {
    const other = await addAccount('Other Shop', 'other-shop@example.com');
    const lcStandard = await find('license', 'Standard', 'LiteCommerce');
    const othersLicense = await buy(other.token, { itemId: lcStandard.id, priceCents: lcStandard.priceCents, licenseUrl: 'https://other.example/' });
    const mine = await buy(customer, { itemId: lcStandard.id, priceCents: lcStandard.priceCents, licenseUrl: 'https://lc.example/' });
    const before = { invoices: await count('invoices'), orders: await count('orders'), licenses: await count('licenses'), payments: await count('payment_events') };

    const admins = await s.api('GET', '/api/admin/catalogue', { token: admin });
    const retired = admins.body.items.find((i: CatalogueEntry) => i.name === 'X-Survey Classic') as CatalogueEntry;
    const xcAddon = await find('addon', 'X-Affiliate', 'X-Cart');
    const lcAddon = await find('addon', 'Egoods', 'LiteCommerce');
    const gold = await find('license', 'Gold', 'X-Cart');
    const cases: Array<[string, string, Record<string, unknown>, number, string, string]> = [
      ['retired item', customer, { itemId: retired.id, priceCents: retired.priceCents, parentLicenseId: mine.licenseId }, 409, 'item_retired', 'body.itemId'],
      ['no such item', customer, { itemId: 999_999, priceCents: 100 }, 404, 'not_found', 'body.itemId'],
      ['changed price', customer, { itemId: gold.id, priceCents: gold.priceCents - 100, licenseUrl: 'https://cheap.example/' }, 409, 'price_changed', 'body.priceCents'],
      ['license without URL', customer, { itemId: gold.id, priceCents: gold.priceCents }, 400, 'missing_license_url', 'body.licenseUrl'],
      ['license with a script URL', customer, { itemId: gold.id, priceCents: gold.priceCents, licenseUrl: 'javascript:alert(1)' }, 400, 'validation_failed', 'body.licenseUrl'],
      ['add-on without a license', customer, { itemId: lcAddon.id, priceCents: lcAddon.priceCents }, 400, 'missing_parent_license', 'body.parentLicenseId'],
      ['add-on for another product', customer, { itemId: xcAddon.id, priceCents: xcAddon.priceCents, parentLicenseId: mine.licenseId }, 400, 'wrong_product', 'body.parentLicenseId'],
      ['add-on for another account\'s license', customer, { itemId: lcAddon.id, priceCents: lcAddon.priceCents, parentLicenseId: othersLicense.licenseId }, 400, 'bad_parent_license', 'body.parentLicenseId'],
      ['add-on for an unknown license', customer, { itemId: lcAddon.id, priceCents: lcAddon.priceCents, parentLicenseId: 999_999 }, 400, 'bad_parent_license', 'body.parentLicenseId'],
    ];
    for (const [label, token, form, status, code, field] of cases) {
      const r = await s.api('POST', '/api/customer/orders/online', { token, body: { orderKey: orderKey(), ...form } });
      expect(r.status, label).toBe(status);
      expect(r.body, label).toMatchObject({ error: code, field });
      expect(r.body.message, label).toContain(field);
    }
    const webmaster = await s.login('webmaster@example.com');
    const secondary = await s.api('POST', '/api/customer/orders/online', { token: webmaster, body: { orderKey: orderKey(), itemId: gold.id, priceCents: gold.priceCents, licenseUrl: 'https://w.example/' } });
    expect(secondary.status).toBe(403);
    expect(secondary.body.message).toContain('message board and the FAQ only');
    const visitor = await s.api('POST', '/api/customer/orders/online', { body: { orderKey: orderKey(), itemId: gold.id, priceCents: gold.priceCents, licenseUrl: 'https://v.example/' } });
    expect(visitor.status).toBe(401);

    // Another account's invoice cannot be paid or read.
    const othersInvoice = (await s.api('POST', '/api/customer/orders/online', { token: other.token, body: { orderKey: orderKey(), itemId: lcAddon.id, priceCents: lcAddon.priceCents, parentLicenseId: othersLicense.licenseId } })).body.invoiceId;
    expect((await s.api('POST', `/api/customer/invoices/${othersInvoice}/pay`, { token: customer })).status).toBe(404);
    expect((await s.api('POST', '/api/payments/fake/checkout', { token: customer, body: { invoiceId: othersInvoice } })).status).toBe(404);
    expect(await one('SELECT status FROM invoices WHERE id = $1', [othersInvoice])).toEqual({ status: 'unpaid' });

    expect({ invoices: await count('invoices'), orders: await count('orders'), licenses: await count('licenses'), payments: await count('payment_events') })
      .toEqual({ ...before, invoices: before.invoices + 1 });
  });

  it('an invoice keeps the price it was placed at; an item retired before payment is not charged', async () => {
    const plan = await find('hosting', 'Business (20 GB)');
    const placed = await s.api('POST', '/api/customer/orders/online', { token: customer, body: { orderKey: orderKey(), itemId: plan.id, priceCents: plan.priceCents } });
    expect(await push(admin, 'catalogue.update', { itemId: plan.id, priceCents: plan.priceCents + 1000 })).toMatchObject({ status: 'applied' });
    // The form seen before the change is refused now, naming the new price.
    const stale = await s.api('POST', '/api/customer/orders/online', { token: customer, body: { orderKey: orderKey(), itemId: plan.id, priceCents: plan.priceCents } });
    expect(stale).toMatchObject({ status: 409, body: { error: 'price_changed', field: 'body.priceCents' } });
    // The invoice issued before keeps its price and is paid at it.
    const paid = await s.api('POST', '/api/payments/fake/checkout', { token: customer, body: { invoiceId: placed.body.invoiceId } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    expect(await one('SELECT amount_cents::int AS a FROM payment_events WHERE invoice_id = $1', [placed.body.invoiceId])).toEqual({ a: plan.priceCents });

    const service = await find('service', 'Upgrade to the current version');
    const second = await s.api('POST', '/api/customer/orders/online', { token: customer, body: { orderKey: orderKey(), itemId: service.id, priceCents: service.priceCents } });
    expect(await push(admin, 'catalogue.setActive', { itemId: service.id, active: false })).toMatchObject({ status: 'applied' });
    const pay = await s.api('POST', `/api/customer/invoices/${second.body.invoiceId}/pay`, { token: customer });
    expect(pay).toMatchObject({ status: 409, body: { error: 'item_retired', field: 'params.invoiceId' } });
    const checkout = await s.api('POST', '/api/payments/fake/checkout', { token: customer, body: { invoiceId: second.body.invoiceId } });
    expect(checkout.status).toBe(409);
    expect(await one('SELECT status FROM invoices WHERE id = $1', [second.body.invoiceId])).toEqual({ status: 'unpaid' });
    expect(await q('SELECT 1 FROM payment_events WHERE invoice_id = $1', [second.body.invoiceId])).toHaveLength(0);
    await push(admin, 'catalogue.setActive', { itemId: service.id, active: true });
  });

  it('the same form sent twice at once issues one invoice', async () => {
    const pack = (await list()).find((i) => i.kind === 'support_points' && i.points === 10)!;
    const body = { orderKey: orderKey(), itemId: pack.id, priceCents: pack.priceCents };
    const before = await count('invoices');
    const answers = await Promise.all([1, 2, 3].map(() => s.api('POST', '/api/customer/orders/online', { token: customer, body })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.invoiceId)).size).toBe(1);
    expect(answers.filter((a) => a.body.created)).toHaveLength(1);
    expect(await count('invoices')).toBe(before + 1);
    expect(await q('SELECT 1 FROM email_outbox WHERE event_key = $1', [`invoice:${answers[0]!.body.invoiceId}:issued`])).toHaveLength(1);
  });

  it('the hosting change page reads the current plan from the last verified hosting order', async () => {
    const other = await addAccount('Hosted Shop', 'hosted@example.com');
    expect((await s.api('GET', '/api/customer/hosting', { token: other.token })).body).toEqual({ current: null });
    const plan = await find('hosting', 'Starter (5 GB)');
    await buy(other.token, { itemId: plan.id, priceCents: plan.priceCents });
    expect((await s.api('GET', '/api/customer/hosting', { token: other.token })).body).toMatchObject({ current: { plan: 'Starter (5 GB)', months: 12 } });
    expect((await s.api('GET', '/api/customer/hosting', { token: await s.login('webmaster@example.com') })).status).toBe(403);
  });
});
