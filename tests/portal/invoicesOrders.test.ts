/**
 * The help page's "Invoices" and "Orders" and its FAQ "How should I settle my invoice?" in
 * Chromium: find the invoice by its 'Description', click 'Pay', finish at the payment
 * provider's page, come back with the result; the invoice is paid and an order is pending in
 * Orders; billing rejects an order with a reason and Orders shows it. Refusals (already paid,
 * another account's invoice) and the owner-only rule (page notice, server 403).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { accountIdOf, issueInvoice, newAccount, one, payByApi, pushAsBilling } from './support/filesBillingFixtures';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Invoices and Orders of the help page, in Chromium', () => {
  let stack: PortalStack;
  let carla: number;
  beforeAll(async () => {
    stack = await startPortalStack();
    carla = await accountIdOf(stack, demoCustomer.email);
  }, 240_000);
  afterAll(() => stack?.close());

  it('FAQ 2.12: find the invoice by its Description, click Pay, finish at the provider, come back paid; Orders has the pending order', async () => {
    const description = 'Support points: 100 points package (portal test)';
    const invoiceId = await issueInvoice(stack, carla, description, [{ type: 'support_points', points: 100, priceCents: 45000 }]);
    const c = await stack.open('pay', demoCustomer.email);
    const { page } = c;
    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    const unpaid = page.getByRole('table', { name: 'Unpaid invoices' });
    // Every unpaid invoice is listed, and only those.
    const expected = await stack.server.db.query<{ description: string }>(`SELECT description FROM invoices WHERE account_id = $1 AND status = 'unpaid'`, [carla]);
    expect(await unpaid.getByRole('row').count()).toBe(expected.length + 1);
    const row = unpaid.getByRole('row').filter({ hasText: description });
    expect(await row.textContent()).toContain('USD 450.00');
    await row.getByRole('button', { name: 'Pay' }).click();

    // The provider's page, at its own URL.
    await page.waitForURL(`${stack.url}/invoices/${invoiceId}/checkout`);
    await page.getByRole('heading', { level: 1, name: 'Payment provider (test mode)' }).waitFor();
    await page.getByText(description).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).click();

    // Redirected back with the result.
    await page.waitForURL(`${stack.url}/invoices?paid=${invoiceId}`);
    const result = page.getByRole('status').filter({ hasText: `Invoice #${invoiceId}` });
    await result.filter({ hasText: 'paid; your order is waiting for verification by our billing department, usually within one business day' }).waitFor();
    expect(await one(stack, 'SELECT status FROM invoices WHERE id = $1', [invoiceId])).toEqual({ status: 'paid' });
    expect(await unpaid.getByText(description).count()).toBe(0);
    await page.getByRole('table', { name: 'Paid invoices' }).getByRole('row').filter({ hasText: description }).waitFor();

    await result.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    const order = await one<{ id: number; status: string }>(stack, 'SELECT id, status FROM orders WHERE invoice_id = $1', [invoiceId]);
    expect(order.status).toBe('pending');
    const card = page.getByRole('article', { name: new RegExp(`^Order #${order.id} `) });
    await card.getByText('Pending', { exact: true }).waitFor();
    expect(await card.getByRole('list', { name: 'Items' }).textContent()).toContain('100 support points package');
    expect(await card.textContent()).toContain(`from invoice #${invoiceId}`);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('Cancel at the provider returns with "not paid"; an invoice paid meanwhile is refused with the reason', async () => {
    const description = 'Upgrade service (portal test)';
    const invoiceId = await issueInvoice(stack, carla, description, [{ type: 'service', name: 'Upgrade service', priceCents: 19900 }]);
    const c = await stack.open('cancel', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/invoices`);
    await page.getByRole('table', { name: 'Unpaid invoices' }).getByRole('row').filter({ hasText: description }).getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payment provider (test mode)' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${stack.url}/invoices?cancelled=${invoiceId}`);
    await page.getByRole('status').filter({ hasText: `Invoice #${invoiceId} not paid` }).waitFor();
    expect(await one(stack, 'SELECT status FROM invoices WHERE id = $1', [invoiceId])).toEqual({ status: 'unpaid' });

    // Paid elsewhere (another tab) while this list was open: 'Pay' says why not.
    await payByApi(stack, demoCustomer.email, invoiceId);
    await page.getByRole('table', { name: 'Unpaid invoices' }).getByRole('row').filter({ hasText: description }).getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('alert').filter({ hasText: `invoice ${invoiceId} is paid; there is nothing to pay` }).waitFor();
    // And the provider's page of a paid invoice offers nothing to pay.
    await page.goto(`${stack.url}/invoices/${invoiceId}/checkout`);
    await page.getByRole('alert').filter({ hasText: `Invoice #${invoiceId} is paid; there is nothing to pay` }).waitFor();
    expect(await page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('billing rejects an order with a reason: Orders shows it rejected with the reason', async () => {
    const description = 'X-Cart skin Blue Sky (portal test)';
    const main = await one<{ id: number }>(stack, `SELECT id FROM licenses WHERE account_id = $1 AND kind = 'main' AND product = 'X-Cart' AND status = 'active' LIMIT 1`, [carla]);
    const invoiceId = await issueInvoice(stack, carla, description, [{ type: 'skin', product: 'X-Cart', edition: 'Blue Sky', parentLicenseId: main.id, priceCents: 6900 }]);
    const orderId = await payByApi(stack, demoCustomer.email, invoiceId);
    const reason = 'The payment was charged back by the card issuer';
    await pushAsBilling(stack, 'order.reject', { orderId, reason });
    const c = await stack.open('rejected', demoCustomer.email);
    await c.page.goto(`${stack.url}/orders`);
    const card = c.page.getByRole('article', { name: new RegExp(`^Order #${orderId} `) });
    await card.getByText('Rejected', { exact: true }).waitFor();
    expect(await card.textContent()).toContain(`Reason: ${reason}`);
    // Every order of the account is listed with its status.
    const orders = await stack.server.db.query<{ id: number; status: string }>('SELECT id, status FROM orders WHERE account_id = $1', [carla]);
    expect(await c.page.getByRole('article').count()).toBe(orders.length);
    const verified = orders.find((o) => o.status === 'verified')!;
    await c.page.getByRole('article', { name: new RegExp(`^Order #${verified.id} `) }).getByText('Verified', { exact: true }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('another account\'s invoice by URL is not found and cannot be paid; a secondary user gets the owner-only notice and the server\'s 403', async () => {
    const other = await newAccount(stack, 'Invoice Other Ltd', 'invoice-other@example.com');
    const theirs = await issueInvoice(stack, other.accountId, 'Hosting plan (other account)', [{ type: 'hosting', plan: 'Business', months: 12, priceCents: 24000 }]);
    const c = await stack.open('foreign-invoice', demoCustomer.email);
    await c.page.goto(`${stack.url}/invoices/${theirs}/checkout`);
    await c.page.getByRole('heading', { level: 1, name: 'Invoice not found' }).waitFor();
    expect(await c.page.getByText('Hosting plan (other account)').count()).toBe(0);
    const csrf = (await (await c.context.request.get(`${stack.url}/api/portal/session`)).json()).csrfToken as string;
    const pay = await c.context.request.post(`${stack.url}/api/payments/fake/checkout`, { data: { invoiceId: theirs }, headers: { 'x-csrf-token': csrf } });
    expect(pay.status()).toBe(404);
    const start = await c.context.request.post(`${stack.url}/api/customer/invoices/${theirs}/pay`, { headers: { 'x-csrf-token': csrf } });
    expect(start.status()).toBe(404);
    expect(await one(stack, 'SELECT status FROM invoices WHERE id = $1', [theirs])).toEqual({ status: 'unpaid' });
    expect(c.problems).toEqual([]);
    await c.close();

    const w = await stack.open('secondary', demoSecondary.email);
    for (const [path, title, api] of [['/invoices', 'Invoices', '/api/customer/invoices'], ['/orders', 'Orders', '/api/customer/orders']] as const) {
      await w.page.goto(stack.url + path);
      await w.page.getByRole('heading', { level: 1, name: title }).waitFor();
      await w.page.getByRole('status').filter({ hasText: `can use the ${title} section` }).waitFor();
      const refused = await w.context.request.get(stack.url + api);
      expect(refused.status()).toBe(403);
      expect((await refused.json()).message).toContain('secondary users have the message board and the FAQ only');
    }
    expect(w.problems).toEqual([]);
    await w.close();
  });
});
