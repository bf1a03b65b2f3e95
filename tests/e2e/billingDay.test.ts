/**
 * The billing manager's path end to end, in Chromium through the web host, against a real
 * server on demo data: a new customer pays an invoice for an X-Cart license (the fake payment
 * provider signs the callback), the order waits in the billing queue with its license pending
 * and the customer's file area empty; the billing manager verifies it from the keyboard; the
 * customer's file area then shows the product's files. Screenshots saved as artifacts.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { browserSuite, chromiumPath } from '../support/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { buildApp } from '../console/support/buildApp';
import { chromiumArgs, openConsole, signIn, type E2eConsole } from './support/e2eConsole';
import { startE2eServer, type E2eServer } from './support/e2eServer';

const live = { timeout: 20_000 };

browserSuite('a billing manager verifies an order, in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let billing: E2eConsole;
  let customerToken: string;
  let orderId: number;
  let pointsOrderId: number;
  const company = 'Northwind Gadgets';

  /** Billing issues an invoice; the customer pays it at the fake provider; returns the order. */
  async function paidOrder(accountId: number, description: string, items: Array<{ priceCents: number }>): Promise<number> {
    const admin = await server.login('admin@example.com');
    const amountCents = items.reduce((sum, i) => sum + i.priceCents, 0);
    const issued = await server.api('POST', '/api/sync/push', {
      token: admin,
      body: { clientId: `e2e-billing-admin-${description.length}`, mutations: [{ id: 1, name: 'invoice.issue', args: { accountId, description, amountCents, items } }] },
    });
    expect(issued.body.results[0]).toMatchObject({ status: 'applied' });
    const invoices = await server.api('GET', '/api/customer/invoices', { token: customerToken });
    const invoice = invoices.body.invoices.find((i: { description: string }) => i.description === description);
    const paid = await server.api('POST', '/api/payments/fake/checkout', { token: customerToken, body: { invoiceId: invoice.id } });
    expect(paid.body).toMatchObject({ outcome: 'paid' });
    return paid.body.orderId;
  }

  beforeAll(async () => {
    const [outDir, s] = await Promise.all([buildApp(), startE2eServer({ tickets: 200 })]);
    server = s;
    // A new customer, without any license yet.
    const [account] = await server.db.query<{ id: number }>('INSERT INTO accounts (company, contact_email, created_at) VALUES ($1, $2, $3) RETURNING id', [company, 'owner@northwind.example', Date.now()]);
    const [user] = await server.db.query<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'owner@northwind.example', 'Nora Owner', 'customer.primary', $2, $3) RETURNING id`,
      [account!.id, await hashPassword(demoPassword), Date.now()],
    );
    await server.db.query('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [account!.id, user!.id]);
    customerToken = await server.login('owner@northwind.example');
    pointsOrderId = await paidOrder(account!.id, 'Support points: 50 points package', [{ type: 'support_points', points: 50, priceCents: 27500 } as never]);
    orderId = await paidOrder(account!.id, 'X-Cart Gold license', [{ type: 'license', product: 'X-Cart', edition: 'Gold', priceCents: 19900 } as never]);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    billing = await openConsole(browser, 'billing', path.join(outDir, 'renderer'));
  }, 240_000);

  afterAll(async () => {
    await billing?.close();
    await browser?.close();
    await server?.close();
  });

  const orderStatus = async (id: number) => (await server.db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]))[0]!.status;

  it('the paid invoice is a pending order: the license is pending and the file area empty, with the reason', async () => {
    const licenses = await server.api('GET', '/api/customer/licenses', { token: customerToken });
    expect(licenses.body.licenses).toEqual([expect.objectContaining({ product: 'X-Cart', status: 'pending' })]);
    const files = await server.api('GET', '/api/customer/files', { token: customerToken });
    expect(files.body.folders).toEqual([]);
    expect(files.body.notice).toMatch(/pending/i);
  });

  it('the billing manager finds both orders in the queue, with payment state, and verifies one from the keyboard', async () => {
    const { page } = billing;
    await signIn(billing, server.url, 'billing@example.com');
    await page.locator('.sidebar-screens').getByRole('button', { name: /^Billing/ }).click(live);
    const orders = page.getByRole('table', { name: 'Pending orders' });
    const mine = orders.locator('tbody tr', { hasText: company });
    await mine.first().waitFor(live);
    expect(await mine.count()).toBe(2);
    const texts = await orders.locator('tbody tr').allTextContents();
    const first = texts.findIndex((t) => t.includes(company));
    expect(texts[first]).toContain('Paid');
    expect(texts[first]).toContain('50 support points package');
    expect(texts[first + 1]).toContain('X-Cart Gold license');
    await billing.screenshot('billing-queue');
    // Oldest first: the points order, then the license. j moves the cursor, v verifies.
    for (let i = 0; i < first; i++) await page.keyboard.press('j');
    await expect(orders.locator('tbody tr[aria-selected="true"]').textContent()).resolves.toContain('50 support points package');
    await page.keyboard.press('v');
    await expect.poll(() => orderStatus(pointsOrderId), live).toBe('verified');
    await orders.locator('tbody tr', { hasText: '50 support points package' }).filter({ hasText: company }).waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('Enter opens the account: its license is pending until the order is verified there, then active with its certificate', async () => {
    const { page } = billing;
    const orders = page.getByRole('table', { name: 'Pending orders' });
    // The verified order left the queue; the cursor now rests on the next one, this customer's license order.
    await expect(orders.locator('tbody tr[aria-selected="true"]').textContent()).resolves.toContain('X-Cart Gold license');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: company, level: 1 }).waitFor(live);
    const licenses = page.locator('.licenses');
    await expect(licenses.textContent()).resolves.toContain('pending');
    await page.getByRole('button', { name: `Verify order #${orderId}` }).click();
    await expect.poll(() => orderStatus(orderId), live).toBe('verified');
    await page.locator('.licenses .badge', { hasText: 'active' }).waitFor(live);
    await page.getByRole('button', { name: 'Certificate' }).click();
    await expect(page.locator('.certificate').textContent()).resolves.toContain(`Licensed to: ${company}`);
    await expect(page.locator('.points').textContent()).resolves.toContain('50 support points');
    await billing.screenshot('billing-account');
    // Escape goes back to the billing queue, now without this customer's orders.
    await page.keyboard.press('Escape');
    await page.getByRole('table', { name: 'Pending orders' }).or(page.getByText('Nothing waiting here.')).first().waitFor(live);
    expect(await page.locator('tbody tr', { hasText: company }).count()).toBe(0);
    expect(billing.problems).toEqual([]);
  });

  it('the customer\'s file area now shows the product\'s files', async () => {
    const files = await server.api('GET', '/api/customer/files', { token: customerToken });
    expect(files.body.notice).toBeNull();
    const xcart = files.body.folders.filter((f: { path: string }) => f.path.startsWith('X-Cart'));
    expect(xcart.length).toBeGreaterThan(0);
    expect(xcart.flatMap((f: { files: unknown[] }) => f.files).length).toBeGreaterThan(0);
    const licenses = await server.api('GET', '/api/customer/licenses', { token: customerToken });
    expect(licenses.body.licenses[0]).toMatchObject({ status: 'active' });
  });
});
