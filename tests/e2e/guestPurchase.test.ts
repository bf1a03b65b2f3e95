/**
 * Issue 22's first test, the whole path in Chromium: a visitor (signed out, a fresh browser)
 * opens the catalogue in the customer portal, orders an X-Cart license for a URL as a guest
 * (the order opens the account and signs them in), pays through the fake payment provider's
 * page; the billing manager verifies the order in the console (the real console, through the
 * web host); the customer then sees the license active at the ordered URL in My licenses and
 * the product's files in the File area. The portal stack and the console are the ones the
 * portal's and the billing day's tests use (portalStack.ts, e2eConsole.ts).
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../console/support/buildApp';
import { one } from '../portal/support/filesBillingFixtures';
import { waitForLink } from '../portal/support/emailLinks';
import { startPortalStack, type Customer, type PortalStack } from '../portal/support/portalStack';
import { browserSuite } from '../support/chromium';
import { openConsole, signIn, type E2eConsole } from './support/e2eConsole';

const live = { timeout: 20_000 };
const company = 'Guest Gadgets Ltd';
const email = 'owner@guest-gadgets.example';
const storeUrl = 'https://guest-gadgets.example/store/';

browserSuite('a visitor buys a license as a guest, billing verifies it in the console, in Chromium', () => {
  let stack: PortalStack;
  let billing: E2eConsole;
  let visitor: Customer;
  let orderId: number;

  beforeAll(async () => {
    const [outDir, s] = await Promise.all([buildApp(), startPortalStack()]);
    stack = s;
    billing = await openConsole(stack.browser, 'guest-billing', path.join(outDir, 'renderer'));
  }, 300_000);
  afterAll(async () => {
    await billing?.close();
    await stack?.close();
  });

  it('the visitor orders a license for a URL from the signed-out catalogue; the order opens the account, signs them in, and they pay at the provider', async () => {
    visitor = await stack.open('guest-visitor');
    const { page } = visitor;
    expect(await visitor.context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'sb_session' }));
    await page.goto(`${stack.url}/catalogue`);
    await page.getByRole('heading', { level: 1, name: 'List of available Products and Services' }).waitFor();
    const row = page.getByRole('table', { name: 'Licenses' }).getByRole('row').filter({ hasText: 'X-Cart Gold license' });
    await row.getByRole('link', { name: 'Order online: X-Cart Gold license' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order online: X-Cart Gold license' }).waitFor();
    const form = page.getByRole('form', { name: 'Order form' });

    // An address that has an account is told to sign in; nothing is made.
    await form.getByLabel('E-mail').fill('customer@example.com');
    await form.getByLabel('Your name').fill('Gina Guest');
    await form.getByLabel('License URL').fill(storeUrl);
    await form.getByRole('button', { name: 'Place order' }).click();
    await form.locator('.field-error').filter({ hasText: 'already belongs to a customer account: sign in' }).waitFor();
    await form.getByRole('link', { name: 'Sign in to order with this e-mail' }).waitFor();
    expect(await one(stack, 'SELECT count(*)::int AS n FROM accounts WHERE company = $1', [company])).toEqual({ n: 0 });

    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Company').fill(company);
    await form.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/invoices\?issued=\d+&newAccount=1$/);
    const invoiceId = Number(new URL(page.url()).searchParams.get('issued'));
    await page.getByRole('status').filter({ hasText: `Invoice #${invoiceId}` }).filter({ hasText: 'Your customer account is open and you are signed in' }).waitFor();
    // Signed in by an httpOnly cookie the page cannot read.
    expect((await visitor.context.cookies()).find((k) => k.name === 'sb_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate('document.cookie')).not.toContain('sb_session');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // The link to set a password is on its way.
    expect(await waitForLink(stack, email, '/set-password')).toMatch(/token=/);

    const invoiceRow = page.getByRole('table', { name: 'Unpaid invoices' }).getByRole('row').filter({ hasText: `#${invoiceId}` });
    expect(await invoiceRow.textContent()).toContain(`X-Cart Gold license for ${storeUrl}`);
    await invoiceRow.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payment provider (test mode)' }).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(`${stack.url}/invoices?paid=${invoiceId}`);
    orderId = (await one<{ id: number }>(stack, 'SELECT id FROM orders WHERE invoice_id = $1', [invoiceId])).id;

    // Waiting for billing: the license is pending in My licenses.
    await page.goto(`${stack.url}/licenses`);
    const license = page.getByRole('table', { name: 'Your licenses' }).getByRole('row').filter({ hasText: storeUrl });
    await license.getByText('Pending', { exact: true }).waitFor();
    expect(visitor.problems).toEqual([]);
  });

  it('the billing manager verifies the order in the console', async () => {
    const { page } = billing;
    await signIn(billing, stack.server.url, 'billing@example.com');
    await page.locator('.sidebar-screens').getByRole('button', { name: /^Billing/ }).click(live);
    const mine = page.getByRole('table', { name: 'Pending orders' }).locator('tbody tr', { hasText: company });
    await mine.waitFor(live);
    expect(await mine.textContent()).toContain('Paid');
    expect(await mine.textContent()).toContain('X-Cart Gold license');
    await mine.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(async () => (await one<{ status: string }>(stack, 'SELECT status FROM orders WHERE id = $1', [orderId])).status, live).toBe('verified');
    await mine.waitFor({ state: 'detached', ...live });
    await billing.screenshot('guest-order-verified');
    expect(billing.problems).toEqual([]);
  });

  it('the customer sees the license active at the ordered URL in My licenses, and its files in the File area', async () => {
    const { page } = visitor;
    await page.goto(`${stack.url}/licenses`);
    await page.getByRole('heading', { level: 1, name: 'My licenses' }).waitFor();
    const license = page.getByRole('table', { name: 'Your licenses' }).getByRole('row').filter({ hasText: storeUrl });
    await license.getByText('Active', { exact: true }).waitFor();
    expect(await license.textContent()).toContain('X-Cart');

    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'File area' }).click();
    await page.getByRole('heading', { level: 1, name: 'File area' }).waitFor();
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: 'Expand X-Cart', exact: true }).click();
    await folders.getByRole('link', { name: 'X-Cart 4.1.x (current version)' }).waitFor();
    await folders.getByRole('button', { name: 'Expand X-Cart 4.1.x (current version)' }).click();
    await folders.getByRole('link', { name: 'Distribution kits' }).click();
    const files = page.getByRole('region', { name: 'Folder content' }).getByRole('list', { name: 'Files in Distribution kits' });
    expect((await files.getByRole('link').allTextContents()).length).toBeGreaterThan(0);
    await visitor.screenshot('guest-order-file-area');
    expect(visitor.problems).toEqual([]);
  });
});
