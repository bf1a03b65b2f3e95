/**
 * The help page's "Affiliate program" and the visitors' catalogue, in Chromium: the account's
 * owner joins and gets a link and code; a visitor opens the link signed out and sees the
 * products and services with prices; 'Order online' leads to the guest order form, whose
 * order opens the visitor's account with the referral (a referral is for a new customer);
 * the order is paid at the fake provider and verified by billing; the affiliate's page
 * shows the referral, the order and the approved commission; a payout asked for is converted
 * into support points by billing; a payout billing rejects shows with its reason, and its
 * commission is approved again to ask for anew. Secondary users are told the section is the owner's. Each
 * new page is axe clean.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { axeViolations } from '../support/axe';
import { browserSuite } from '../support/chromium';
import { newAccount, one, pushAsBilling } from './support/filesBillingFixtures';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Affiliate program and the visitors\' catalogue, in Chromium', () => {
  let stack: PortalStack;
  let link = '';
  beforeAll(async () => {
    stack = await startPortalStack();
  }, 240_000);
  afterAll(() => stack?.close());

  it('the owner joins the affiliate program and gets a referral link and code', async () => {
    const c = await stack.open('affiliate-join', demoCustomer.email);
    const { page } = c;
    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Affiliate program' }).click();
    await page.getByRole('heading', { level: 1, name: 'Affiliate program' }).waitFor();
    await page.getByText('you earn 10% of the paid amount').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Join the affiliate program' }).click();
    const field = page.getByRole('textbox', { name: 'Referral link' });
    await field.waitFor();
    link = await field.inputValue();
    const { code } = await one<{ code: string }>(stack, 'SELECT code FROM affiliates');
    expect(link).toBe(`${stack.url}/catalogue?ref=${code}`);
    expect(await page.locator('.referral-code').textContent()).toBe(code);
    await page.getByText('No customer has come through your link yet.').waitFor();
    expect(await page.getByRole('button', { name: 'Ask for a payout' }).isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('a visitor sees the catalogue signed out, orders as a guest from Order online (the order opens the account), buys; billing verifies; the affiliate sees the approved commission and converts a payout into points', async () => {
    expect(link).not.toBe('');
    const v = await stack.open('affiliate-visitor');
    const { page } = v;
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'List of available Products and Services' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You came through a partner\'s referral link' }).waitFor();
    // The address loses the code (a reload does not count the visit again); the server keeps it.
    await page.waitForURL(`${stack.url}/catalogue`);
    expect((await v.context.cookies()).find((k) => k.name === 'sb_ref')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate('document.cookie')).not.toContain('sb_ref');
    // Signed out: the public sections, prices, and Order online.
    const nav = page.getByRole('navigation', { name: 'Account sections' });
    await nav.getByRole('link', { name: 'Products and services' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Buy products/services' }).count()).toBe(0);
    const row = page.getByRole('table', { name: 'Technical support (support points)' }).getByRole('row').filter({ hasText: '25 points package' });
    expect(await row.textContent()).toContain('USD 150.00');
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole('link', { name: /^Order online: 25 points package/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Order online: 25 points package/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/catalogue\/order\/\d+$/);
    const form = page.getByRole('form', { name: 'Order form' });
    await form.getByLabel('E-mail').fill('owner@referred-candles.example');
    await form.getByLabel('Your name').fill('Rhea Candles');
    await form.getByLabel('Company').fill('Referred Candles Ltd');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/invoices\?issued=\d+&newAccount=1$/);
    // The new account is the referred one.
    const shop = await one<{ accountId: number }>(stack, `SELECT account_id AS "accountId" FROM users WHERE email = 'owner@referred-candles.example'`);
    expect(await one(stack, 'SELECT account_id AS "accountId" FROM referrals')).toEqual({ accountId: shop.accountId });
    expect((await v.context.cookies()).find((k) => k.name === 'sb_ref')).toBeUndefined();

    const invoiceId = Number(new URL(page.url()).searchParams.get('issued'));
    await page.getByRole('table', { name: 'Unpaid invoices' }).getByRole('row').filter({ hasText: `#${invoiceId}` }).getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(`${stack.url}/invoices?paid=${invoiceId}`);
    const order = await one<{ id: number }>(stack, 'SELECT id FROM orders WHERE invoice_id = $1', [invoiceId]);
    expect(v.problems).toEqual([]);
    await v.close();

    // Before billing verifies: pending commission, nothing approved.
    const a = await stack.open('affiliate-owner', demoCustomer.email);
    await a.page.goto(`${stack.url}/affiliate`);
    const orders = a.page.getByRole('table', { name: 'Referred orders' });
    await orders.getByRole('row').filter({ hasText: `#${order.id}` }).filter({ hasText: 'Pending: USD 15.00' }).waitFor();
    expect(await a.page.getByRole('table', { name: 'Referrals' }).textContent()).toContain('Referred Candles Ltd');

    await pushAsBilling(stack, 'order.verify', { orderId: order.id });
    await a.page.reload();
    await orders.getByRole('row').filter({ hasText: `#${order.id}` }).filter({ hasText: 'Approved: USD 15.00' }).waitFor();
    await a.page.getByRole('button', { name: 'Ask for a payout' }).click();
    await a.page.getByRole('status').filter({ hasText: 'of USD 15.00 was sent to our billing department' }).waitFor();
    const payout = await one<{ id: number }>(stack, "SELECT id FROM affiliate_payouts WHERE status = 'requested'");
    await a.page.getByRole('table', { name: 'Payouts' }).getByRole('row').filter({ hasText: `#${payout.id}` }).filter({ hasText: 'Requested' }).waitFor();

    await pushAsBilling(stack, 'payout.convert', { payoutId: payout.id });
    await a.page.reload();
    await a.page.getByRole('table', { name: 'Payouts' }).getByRole('row').filter({ hasText: 'Converted to support points' }).filter({ hasText: '15 points' }).waitFor();
    expect(await axeViolations(a.page)).toEqual([]);
    // The points are in the ledger, shown in Accounting.
    await a.page.getByRole('table', { name: 'Payouts' }).getByRole('link', { name: 'Accounting' }).click();
    await a.page.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    await a.page.getByText('Affiliate payout').first().waitFor();
    expect(a.problems).toEqual([]);
    await a.close();
  });

  it('a payout billing rejects shows with its reason, and its commission can be asked for again', async () => {
    // A commission of the owner's affiliate, as a verified referred order leaves it.
    const shop = await newAccount(stack, 'Referred Lamps Ltd', 'owner@referred-lamps.example');
    const order = await one<{ id: number }>(stack, "INSERT INTO orders (account_id, items, status, created_at) VALUES ($1, '[]', 'verified', $2) RETURNING id", [shop.accountId, Date.now()]);
    await one(stack, 'INSERT INTO affiliate_commissions (affiliate_id, order_id, base_cents, percent, amount_cents, created_at) SELECT id, $1, 4200, 10, 420, $2 FROM affiliates RETURNING id', [order.id, Date.now()]);
    const a = await stack.open('affiliate-rejected', demoCustomer.email);
    const { page } = a;
    await page.goto(`${stack.url}/affiliate`);
    await page.getByText('Pays out USD 4.20 of approved commission.').waitFor();
    await page.getByRole('button', { name: 'Ask for a payout' }).click();
    await page.getByRole('status').filter({ hasText: 'of USD 4.20 was sent to our billing department' }).waitFor();
    const payout = await one<{ id: number }>(stack, "SELECT id FROM affiliate_payouts WHERE status = 'requested'");
    expect(await page.getByRole('button', { name: 'Ask for a payout' }).isDisabled()).toBe(true);

    await pushAsBilling(stack, 'payout.reject', { payoutId: payout.id, reason: 'Commission under review: <b>ask again</b> next month.' });
    await page.reload();
    const row = page.getByRole('table', { name: 'Payouts' }).getByRole('row').filter({ hasText: `#${payout.id}` });
    await row.filter({ hasText: 'Rejected' }).getByText('Reason: Commission under review: <b>ask again</b> next month.').waitFor();
    // The reason is text, not markup.
    expect(await row.locator('b').count()).toBe(0);
    // The commission is approved again, to the cent, and may be asked for anew.
    await page.getByText('Pays out USD 4.20 of approved commission.').waitFor();
    expect(await page.getByRole('button', { name: 'Ask for a payout' }).isDisabled()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    expect(a.problems).toEqual([]);
    await a.close();
  });

  it('a secondary user is told the Affiliate program is the owner\'s', async () => {
    const c = await stack.open('affiliate-secondary', demoSecondary.email);
    await c.page.goto(`${stack.url}/affiliate`);
    await c.page.getByText('Only the account\'s owner (its primary user) can use the Affiliate program section.').waitFor();
    expect(await c.page.getByRole('button', { name: 'Join the affiliate program' }).count()).toBe(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
