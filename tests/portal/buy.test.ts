/**
 * The help page's "Buy products/services" and "How to buy a new license (add-on, techsupport,
 * etc.)?" in Chromium: the List of available Products and Services, 'Order online' next to an
 * item, the short form, the invoice issued at once, 'Pay' at the provider, billing's
 * verification, and the license active at the URL given. An add-on is ordered for one of the
 * account's licenses; a price changed while the form was open is refused with the new price;
 * "How to change hosting plan" opens a Sales ticket pre-filled with both plans; secondary
 * users are told the section is the owner's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { accountIdOf, one, payByApi, pushAsBilling } from './support/filesBillingFixtures';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Buy products/services of the help page, in Chromium', () => {
  let stack: PortalStack;
  let carla: number;
  beforeAll(async () => {
    stack = await startPortalStack();
    carla = await accountIdOf(stack, demoCustomer.email);
  }, 240_000);
  afterAll(() => stack?.close());

  /** An admin's catalogue change, pushed as the console pushes it. */
  async function pushAsAdmin(name: string, args: unknown) {
    const token = await stack.server.login('admin@example.com');
    const res = await stack.server.api('POST', '/api/sync/push', { token, body: { clientId: `portal-buy-${Date.now()}-${Math.random().toString(36).slice(2)}`, mutations: [{ id: 1, name, args }] } });
    expect(res.body.results[0]).toMatchObject({ status: 'applied' });
  }

  it('buys a license: Order online, the invoice at once, Pay, billing verifies, active at the URL given', async () => {
    const c = await stack.open('buy-license', demoCustomer.email);
    const { page } = c;
    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Buy products/services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buy products/services' }).waitFor();
    await page.getByRole('link', { name: 'List of available Products and Services' }).click();
    await page.getByRole('heading', { level: 1, name: 'List of available Products and Services' }).waitFor();
    // Kind by kind, retired items left out.
    for (const heading of ['Licenses', 'Add-ons', 'Skins', 'Technical support (support points)', 'Services', 'Hosting plans']) await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    expect(await page.getByText('X-Survey Classic').count()).toBe(0);

    const row = page.getByRole('table', { name: 'Licenses' }).getByRole('row').filter({ hasText: 'LiteCommerce Pro license' });
    expect(await row.textContent()).toContain('USD 599.00');
    await row.getByRole('link', { name: 'Order online: LiteCommerce Pro license' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order online: LiteCommerce Pro license' }).waitFor();
    const form = page.getByRole('form', { name: 'Order form' });

    // A bad URL is refused beside its field; nothing is issued.
    const before = await one<{ n: number }>(stack, 'SELECT count(*)::int AS n FROM invoices WHERE account_id = $1', [carla]);
    await form.getByLabel('License URL').fill('javascript:alert(1)');
    await form.getByRole('button', { name: 'Place order' }).click();
    await form.locator('.field-error').filter({ hasText: 'must be an http:// or https:// URL' }).waitFor();
    expect(await form.getByLabel('License URL').getAttribute('aria-invalid')).toBe('true');
    expect(await one(stack, 'SELECT count(*)::int AS n FROM invoices WHERE account_id = $1', [carla])).toEqual(before);

    await form.getByLabel('License URL').fill('https://crafts-wholesale.example/shop/');
    await form.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/invoices\?issued=\d+$/);
    const invoiceId = Number(new URL(page.url()).searchParams.get('issued'));
    await page.getByRole('status').filter({ hasText: `Invoice #${invoiceId}` }).filter({ hasText: 'is issued' }).waitFor();
    const invoiceRow = page.getByRole('table', { name: 'Unpaid invoices' }).getByRole('row').filter({ hasText: `#${invoiceId}` });
    expect(await invoiceRow.textContent()).toContain('LiteCommerce Pro license for https://crafts-wholesale.example/shop/');

    await invoiceRow.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payment provider (test mode)' }).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(`${stack.url}/invoices?paid=${invoiceId}`);
    const order = await one<{ id: number; status: string; items: Array<{ licenseId: number }> }>(stack, 'SELECT id, status, items FROM orders WHERE invoice_id = $1', [invoiceId]);
    expect(order.status).toBe('pending');
    const licenseId = order.items[0]!.licenseId;
    expect(await one(stack, 'SELECT status, url FROM licenses WHERE id = $1', [licenseId])).toEqual({ status: 'pending', url: 'https://crafts-wholesale.example/shop/' });

    // Billing verifies (as the console pushes it): the license is active at the ordered URL.
    await pushAsBilling(stack, 'order.verify', { orderId: order.id });
    expect(await one(stack, 'SELECT status, url FROM licenses WHERE id = $1', [licenseId])).toEqual({ status: 'active', url: 'https://crafts-wholesale.example/shop/' });
    await page.goto(`${stack.url}/licenses`);
    await page.getByRole('heading', { level: 1, name: 'My licenses' }).waitFor();
    await page.getByText('https://crafts-wholesale.example/shop/').first().waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('orders an add-on for one of the account\'s licenses; a price changed while the form was open is refused with the new price', async () => {
    const c = await stack.open('buy-addon', demoCustomer.email);
    const { page } = c;
    const item = await one<{ id: number; priceCents: number }>(stack, `SELECT id, price_cents::int AS "priceCents" FROM catalogue_items WHERE kind = 'addon' AND name = 'X-RMA'`);
    await page.goto(`${stack.url}/buy/order/${item.id}`);
    await page.getByRole('heading', { level: 1, name: 'Order online: X-RMA add-on for X-Cart' }).waitFor();
    const form = page.getByRole('form', { name: 'Order form' });
    const select = form.getByLabel('For license');
    // Only the account's active X-Cart main licenses are offered.
    const options = await select.locator('option').allTextContents();
    expect(options.length).toBeGreaterThan(1);
    expect(options.slice(1).every((o) => o.startsWith('X-Cart '))).toBe(true);
    await select.selectOption({ index: 1 });

    await pushAsAdmin('catalogue.update', { itemId: item.id, priceCents: item.priceCents + 500 });
    await form.getByRole('button', { name: 'Place order' }).click();
    await form.getByRole('alert').filter({ hasText: `the price of X-RMA add-on for X-Cart is USD ${((item.priceCents + 500) / 100).toFixed(2)} now` }).waitFor();
    expect(await one(stack, `SELECT count(*)::int AS n FROM invoices WHERE account_id = $1 AND description LIKE '%X-RMA%'`, [carla])).toEqual({ n: 0 });

    // The page shows the new price; ordering again at it issues the invoice.
    await page.reload();
    await page.getByText(`USD ${((item.priceCents + 500) / 100).toFixed(2)}`).waitFor();
    await form.getByLabel('For license').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/invoices\?issued=\d+$/);
    const invoiceId = Number(new URL(page.url()).searchParams.get('issued'));
    const inv = await one<{ amountCents: number; items: Array<{ parentLicenseId: number }> }>(stack, 'SELECT amount_cents::int AS "amountCents", items FROM invoices WHERE id = $1', [invoiceId]);
    expect(inv.amountCents).toBe(item.priceCents + 500);
    const parent = inv.items[0]!.parentLicenseId;
    expect(await one(stack, 'SELECT account_id AS "accountId", product, kind FROM licenses WHERE id = $1', [parent])).toEqual({ accountId: carla, product: 'X-Cart', kind: 'main' });

    // Paid and verified: in My licenses the add-on sits under its main license, at the main license's URL (it has none of its own).
    const orderId = await payByApi(stack, demoCustomer.email, invoiceId);
    await pushAsBilling(stack, 'order.verify', { orderId });
    const { licenseId } = await one<{ licenseId: number }>(stack, `SELECT (items->0->>'licenseId')::int AS "licenseId" FROM orders WHERE id = $1`, [orderId]);
    const { key, url } = await one<{ key: string; url: string }>(stack, 'SELECT l.key, p.url FROM licenses l JOIN licenses p ON p.id = l.parent_license_id WHERE l.id = $1', [licenseId]);
    await page.goto(`${stack.url}/licenses`);
    const addonRow = page.getByRole('table', { name: 'Your licenses' }).getByRole('row').filter({ hasText: key });
    await addonRow.getByText('(with its main license)').waitFor();
    expect(await addonRow.textContent()).toContain(url);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('How to change hosting plan: opens a Sales ticket pre-filled with the current and the wanted plan', async () => {
    const c = await stack.open('hosting', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/buy`);
    await page.getByRole('link', { name: 'How to change hosting plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'How to change hosting plan' }).waitFor();
    const form = page.getByRole('form', { name: 'Change hosting plan' });
    await form.getByRole('button', { name: 'Open a sales ticket' }).click();
    await form.locator('.field-error').filter({ hasText: 'choose the plan you want' }).waitFor();
    await form.getByLabel('Wanted plan').selectOption({ label: 'Hosting plan Business Plus (50 GB), 12 months: USD 99.00' });
    await form.getByRole('button', { name: 'Open a sales ticket' }).click();

    await page.getByRole('heading', { level: 1, name: 'Create a new ticket' }).waitFor();
    const subject = await page.getByLabel('Brief description').inputValue();
    expect(subject).toMatch(/^Change hosting plan: .+ to Hosting plan Business Plus \(50 GB\), 12 months/);
    const message = await page.getByLabel('Message').inputValue();
    expect(message).toContain('Current plan: ');
    expect(message).toContain('Wanted plan: Hosting plan Business Plus (50 GB), 12 months (USD 99.00)');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const number = Number(page.url().split('/').at(-1));
    expect(await one(stack, 'SELECT type, subject FROM tickets WHERE number = $1', [number])).toEqual({ type: 'sales', subject });
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('a secondary user is told Buy products/services is the owner\'s (the server\'s 403 for an order: catalogue.test.ts)', async () => {
    const c = await stack.open('buy-secondary', demoSecondary.email);
    const { page } = c;
    await page.goto(`${stack.url}/buy/list`);
    await page.getByText('Only the account\'s owner (its primary user) can use the Buy products/services section').waitFor();
    expect(await page.getByRole('link', { name: /^Order online/ }).count()).toBe(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
