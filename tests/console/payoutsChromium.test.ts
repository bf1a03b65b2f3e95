/**
 * Billing's Affiliate payouts screen in Chromium (the built console through the web host, a
 * real server): an affiliate's payout asked for in the portal's API shows up; the billing
 * manager opens the screen from the sidebar, converts one payout into support points with the
 * keyboard and marks another paid with its button; rejects a third with `r` and a reason
 * (Ctrl+Enter), whose commission is the affiliate's to ask for again; a key on a decided
 * payout is refused with the server's reason; the shortcut help lists the keys; the ledger
 * and the affiliate's page follow; axe finds nothing serious on the screen or the dialog.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { signedInPage } from './support/dispatcherPage';

browserSuite('the Affiliate payouts screen in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let customer: string;

  /** A commission of `cents` for the demo customer's affiliate, and its payout asked for. */
  async function askForPayout(cents: number): Promise<number> {
    const db = stack.server.ctx.db;
    // A verified order of a referred account, as billing's verification leaves it (the commission's reason to exist).
    const [shop] = await db.query<{ id: number }>("INSERT INTO accounts (company, contact_email, created_at) VALUES ('Referred Shop', 'shop@referred.example', $1) RETURNING id", [Date.now()]);
    const [order] = await db.query<{ id: number }>(`INSERT INTO orders (account_id, items, status, created_at) VALUES ($1, '[]', 'verified', $2) RETURNING id`, [shop!.id, Date.now()]);
    await db.query('INSERT INTO affiliate_commissions (affiliate_id, order_id, base_cents, percent, amount_cents, created_at) SELECT id, $1, $2, 10, $3, $4 FROM affiliates', [order!.id, cents * 10, cents, Date.now()]);
    const asked = await stack.server.api('POST', '/api/customer/affiliate/payouts', { token: customer });
    expect(asked.status).toBe(200);
    return asked.body.payoutId as number;
  }

  beforeAll(async () => {
    const appDir = await buildApp();
    stack = await startConsoleStack({ rendererDir: path.join(appDir, 'renderer') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    customer = await stack.server.login('customer@example.com');
    expect((await stack.server.api('POST', '/api/customer/affiliate', { token: customer })).status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('billing converts a payout into support points with the keyboard and marks another paid', async () => {
    const first = await askForPayout(2500);
    const second = await askForPayout(1234);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(stack.server.url);
    await page.getByLabel('Email').fill('billing@example.com');
    await page.getByLabel('Password').fill('switchboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Affiliate payouts' }).click();
    await page.getByRole('heading', { level: 1, name: /Affiliate payouts\s*2 to decide/ }).waitFor();
    const table = page.getByRole('table', { name: 'Affiliate payouts' });
    const firstRow = table.getByRole('row').filter({ hasText: `#${first}` });
    await firstRow.getByText('USD 25.00').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The cursor on the first (oldest) payout, "c" converts it: 25 points at USD 1.00 a point.
    await firstRow.click();
    await page.keyboard.press('c');
    await firstRow.getByText('Converted to support points: 25 points').waitFor({ timeout: 30_000 });
    const secondRow = table.getByRole('row').filter({ hasText: `#${second}` });
    await secondRow.getByRole('button', { name: 'Mark paid' }).click();
    await secondRow.getByText(/^Paid/).waitFor({ timeout: 30_000 });

    const ledger = await stack.server.ctx.db.query<{ points: number }>("SELECT points FROM ledger_entries WHERE kind = 'affiliate_payout'");
    expect(ledger).toEqual([{ points: 25 }]);
    const portal = await stack.server.api('GET', '/api/customer/affiliate', { token: customer });
    expect(portal.body.affiliate.payouts.map((p: { id: number; status: string }) => [p.id, p.status]).sort()).toEqual([[first, 'converted'], [second, 'paid']].sort());
    expect(problems).toEqual([]);
    await page.close();
  });

  it('billing rejects a payout with r and a reason; its commission is approved again; a decided payout refuses another key', async () => {
    const payoutId = await askForPayout(777);
    const ledgerBefore = await stack.server.ctx.db.query('SELECT id FROM ledger_entries ORDER BY id');
    const problems: string[] = [];
    // The console core behind the web host is still signed in as billing.
    const page = await signedInPage(browser, stack, problems);

    // The shortcut help lists the payout keys.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByRole('row').filter({ hasText: 'Affiliate payouts' }).filter({ hasText: 'reject it with a reason' }).waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Affiliate payouts' }).click();
    await page.getByRole('heading', { level: 1, name: /Affiliate payouts\s*1 to decide/ }).waitFor();
    const table = page.getByRole('table', { name: 'Affiliate payouts' });
    const row = table.getByRole('row').filter({ hasText: `#${payoutId}` });
    await row.getByText('USD 7.77').waitFor();
    // The cursor on it (a click on its number, not on one of its buttons), then "r".
    await row.getByText(`#${payoutId}`).click();
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: `Reject payout #${payoutId} (USD 7.77, Carla's Crafts Ltd)` });
    const reason = dialog.getByRole('textbox', { name: /Reason/ });
    await reason.waitFor();
    // The key that opened the dialog is not typed into it; an empty reason cannot be sent.
    expect(await reason.inputValue()).toBe('');
    expect(await dialog.getByRole('button', { name: /^Reject/ }).isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await reason.fill('The referred orders were refunded.');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Rejected').waitFor({ timeout: 30_000 });
    await row.getByText(': The referred orders were refunded.').waitFor();
    await page.getByRole('heading', { level: 1, name: /Affiliate payouts\s*0 to decide/ }).waitFor();

    // Another decision on the rejected payout is refused at once, with the reason the server gives.
    await row.getByText(`#${payoutId}`).click();
    await page.keyboard.press('p');
    await page.getByText(`payout #${payoutId} is rejected already`).waitFor();

    const [status] = await stack.server.ctx.db.query<{ status: string; reject_reason: string }>('SELECT status, reject_reason FROM affiliate_payouts WHERE id = $1', [payoutId]);
    expect(status).toEqual({ status: 'rejected', reject_reason: 'The referred orders were refunded.' });
    expect(await stack.server.ctx.db.query('SELECT id FROM ledger_entries ORDER BY id')).toEqual(ledgerBefore);
    const portal = await stack.server.api('GET', '/api/customer/affiliate', { token: customer });
    expect(portal.body.affiliate.approvedCents).toBe(777);
    expect(portal.body.affiliate.payouts.find((p: { id: number }) => p.id === payoutId)).toMatchObject({ status: 'rejected', rejectReason: 'The referred orders were refunded.' });
    expect(problems).toEqual([]);
    await page.close();
  });
});
