/**
 * The grid and the screens of issue 21 in Chromium (built console, web host, real server):
 * resizable queue columns kept per user, the filter popovers, search results grouped by ticket
 * with their facts and matching text, the dashboard's axes, legend, tooltips and range, the
 * billing tabs' labels, and the account page's way back. axe is clean on each.
 */
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';
import { startWebHost } from '../../src/main/web/webHost';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { axeViolations } from '../support/axe';
import { buildApp } from './support/buildApp';
import { dispatcherPage, openByNumber } from './support/dispatcherPage';
import { createCustomerTicket, paidOrder, startConsoleStack, type ConsoleStack } from './support/consoleStack';

const live = { timeout: 20_000 };
type Box = { x: number; y: number; width: number; height: number };

browserSuite('the grid and the screens in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let rendererDir: string;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    rendererDir = path.join(await buildApp(), 'renderer');
    stack = await startConsoleStack({ rendererDir });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    page = await dispatcherPage(browser, stack, problems);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const inbox = () => page.getByRole('grid', { name: 'Dispatch inbox' });
  const separator = (column: string) => inbox().getByRole('separator', { name: `Resize ${column}` });
  const widthOf = async (column: string) => Number(await separator(column).getAttribute('aria-valuenow'));

  it('resizes a column by keyboard and by dragging, keeps it for the user after a reload, and never shrinks an urgent one', async () => {
    await createCustomerTicket(stack.server, 'A ticket to size the columns by', { hotRush: true });
    await inbox().getByRole('row').filter({ hasText: 'A ticket to size the columns by' }).waitFor(live);
    const account = await widthOf('Account');
    expect(account).toBeGreaterThan(0);

    // Keyboard: four steps right is two rem.
    await separator('Account').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => widthOf('Account'), live).toBeCloseTo(account + 2, 0);
    // j/k stay the queue's; an arrow on the handle did not move the row cursor.
    expect(await inbox().getAttribute('aria-activedescendant')).toMatch(/^ticket-row-/);

    // Mouse: drag the Department edge 6 rem to the right.
    const dept = await widthOf('Department');
    const rem = await page.evaluate(() => parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string }; document: { documentElement: unknown } }).getComputedStyle((globalThis as unknown as { document: { documentElement: unknown } }).document.documentElement).fontSize));
    const box = (await separator('Department').boundingBox()) as Box;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 3 * rem, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 + 6 * rem, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => widthOf('Department'), live).toBeCloseTo(dept + 6, 0);

    // An urgent column cannot be made narrower than what shows it whole.
    await separator('Turnaround').focus();
    await page.keyboard.press('Home');
    const row = inbox().getByRole('row').filter({ hasText: 'A ticket to size the columns by' });
    const cut = await row.evaluate((r) => {
      type El = { scrollWidth: number; clientWidth: number; className: string };
      const cells = [...(r as unknown as { querySelectorAll(s: string): Iterable<El> }).querySelectorAll('.turnaround-cell, .turnaround, .hot-badge')];
      return cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.className);
    });
    expect(cut).toEqual([]);
    expect(await axeViolations(page), 'queue with a focused resize handle').toEqual([]);

    // Kept for this user: after a reload the widths are as left.
    const kept = { account: await widthOf('Account'), department: await widthOf('Department') };
    await page.reload();
    await inbox().waitFor(live);
    await expect.poll(() => widthOf('Account'), live).toBe(kept.account);
    expect(await widthOf('Department')).toBe(kept.department);

    // Enter gives a column back to the automatic layout; "Automatic widths" all of them.
    await separator('Account').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => widthOf('Account'), live).not.toBe(kept.account);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('button', { name: 'Automatic widths' }).click();
    await expect.poll(() => widthOf('Department'), live).toBeLessThan(kept.department - 3);
    // Nothing is kept for this user any more.
    const stored = await page.evaluate(() => {
      const storage = (globalThis as unknown as { localStorage: { length: number; key(i: number): string; getItem(k: string): string } }).localStorage;
      const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k) => k.startsWith('switchboard.consolePrefs.'));
      return keys.map((k) => JSON.parse(storage.getItem(k)).columnWidths);
    });
    expect(stored).toEqual([{}]);
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  }, 120_000);

  it('opens each filter as a popover over the page: nothing moves, the choices are labelled, Escape closes and the keyboard returns', async () => {
    const filters = page.getByRole('group', { name: 'Filters and sort' });
    const header = page.locator('.queue-screen .screen-header');
    const before = (await header.boundingBox()) as Box;
    const gridBefore = (await inbox().boundingBox()) as Box;
    const status = filters.getByRole('button', { name: 'Status: Any status' });
    await status.click();
    const choices = filters.getByRole('group', { name: 'Status' });
    await choices.waitFor(live);
    expect(await status.getAttribute('aria-expanded')).toBe('true');
    expect((await header.boundingBox())?.height).toBe(before.height);
    expect((await inbox().boundingBox())?.y).toBe(gridBefore.y);
    // The keyboard is in the choices; each checkbox is named by its own label.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute('type')), live).toBe('checkbox');
    await choices.getByRole('checkbox', { name: 'New', exact: true }).check();
    await filters.getByRole('button', { name: 'Status: New' }).waitFor(live);
    expect(await axeViolations(page), 'queue with a filter popover open').toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => choices.isVisible(), live).toBe(false);
    const focused = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute('aria-label'));
    expect(focused).toBe('Status: New');
    // The Escape closed the popover only: the queue is still shown.
    await inbox().waitFor(live);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByRole('button', { name: 'Status: Any status' }).waitFor(live);
  }, 60_000);

  it('shows one result per ticket with its status, account, assignee and date, the matching text marked, newest first or best match', async () => {
    const older = await createCustomerTicket(stack.server, 'Shop shows a white page', { body: 'The quokkaplugin fails on checkout after the update.' });
    const token = await stack.server.login('customer@example.com');
    for (const body of ['Still broken: quokkaplugin error 500 in the log.', 'Here is the quokkaplugin stack trace you asked for.']) {
      const res = await stack.server.api('POST', `/api/customer/tickets/${older.number}/messages`, { token, body: { body } });
      expect(res.status).toBe(200);
    }
    const newer = await createCustomerTicket(stack.server, 'Quokkaplugin licence question', { body: 'Can we move our licence to the new domain?' });
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search tickets, messages and FAQ' });
    await box.fill('quokkaplugin');
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    const grouped = results.filter({ hasText: `#${older.number}` });
    await grouped.filter({ hasText: '3 matching messages' }).waitFor(live);
    // One result for the ticket, not one per message.
    expect(await results.filter({ hasText: `#${older.number}` }).count()).toBe(1);
    const text = (await grouped.textContent()) ?? '';
    expect(text).toContain('New');
    expect(text).toMatch(/Unassigned/);
    expect(await grouped.locator('time').count()).toBe(1);
    expect(await grouped.locator('mark').first().textContent()).toMatch(/quokkaplugin/i);
    const company = (await stack.server.ctx.db.query<{ company: string }>(`SELECT a.company FROM tickets t JOIN accounts a ON a.id = t.account_id WHERE t.id = $1`, [older.id]))[0]!.company;
    expect(text).toContain(company);
    // The subject matched: it is marked in the title, and the snippet is the ticket's own words, not the subject again.
    const bySubject = results.filter({ hasText: `#${newer.number}` });
    expect(await bySubject.locator('.subject mark').textContent()).toBe('Quokkaplugin');
    expect(await bySubject.textContent()).toContain('Can we move our licence to the new domain?');
    // Markup in a snippet is text: nothing but <mark> and <span> inside.
    expect(await page.locator('.search-results .snippet *:not(mark):not(span)').count()).toBe(0);

    await page.getByRole('radio', { name: 'Newest first' }).check();
    await expect.poll(async () => (await results.first().textContent()) ?? '', live).toContain(`#${newer.number}`);
    expect(await axeViolations(page), 'search results').toEqual([]);
    // Arrows and Enter still open a result.
    await box.focus();
    await page.keyboard.press('Enter');
    await page.locator('#ticket-title').getByText(`#${newer.number}`).waitFor(live);
    await page.keyboard.press('Escape');
    await page.getByRole('radio', { name: 'Best match' }).check();
    expect(problems).toEqual([]);
  }, 90_000);

  it('draws the dashboard inside its box with axes, named legend colours, tooltips and a range', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.sidebar').getByRole('button', { name: 'Dashboard' }).click();
    const chart = page.getByRole('figure', { name: /First-reply targets per day, last 14 days/ });
    await chart.waitFor(live);
    expect(await chart.getByRole('list', { name: 'Legend' }).textContent()).toMatch(/Met the target \(blue\).*Breached \(red\)/);
    // Today's bars are inside the chart's box: nothing cut off at the right.
    for (const figure of await page.locator('.chart').all()) {
      const f = (await figure.boundingBox()) as Box;
      const svg = (await figure.locator('svg').boundingBox()) as Box;
      expect(svg.x + svg.width).toBeLessThanOrEqual(f.x + f.width + 0.5);
      expect(await figure.evaluate((el) => (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <= (el as unknown as { clientWidth: number }).clientWidth)).toBe(true);
    }
    expect(await chart.locator('.bar-label').last().textContent()).toBe('Today');
    expect(await chart.locator('.axis text').count()).toBeGreaterThanOrEqual(2);
    // The keyboard walks the bars: End shows today's figures in the tooltip.
    await chart.focus();
    await page.keyboard.press('End');
    await expect.poll(() => chart.locator('.chart-tooltip').textContent(), live).toMatch(/\(today\): \d+ · breached \d+/);
    expect(await axeViolations(page), 'dashboard with a tooltip').toEqual([]);
    await page.getByRole('radio', { name: 'Last 7 days' }).check();
    const week = page.getByRole('figure', { name: /last 7 days/ }).first();
    await week.waitFor(live);
    expect(await week.locator('table tbody tr').count()).toBe(7);
    await page.getByRole('radio', { name: 'Last 30 days' }).check();
    await expect.poll(() => page.getByRole('figure', { name: /HotRush tickets per day, last 30 days/ }).locator('table tbody tr').count(), live).toBe(30);
    expect(problems).toEqual([]);
  }, 60_000);

  it('the account page goes back to where it was opened from, the sidebar keeping its entry highlighted', async () => {
    const t = await createCustomerTicket(stack.server, 'Open my account from here');
    await page.locator('.sidebar').getByRole('button', { name: /^Dispatch inbox/ }).click();
    await inbox().waitFor(live);
    await openByNumber(page, t.number);
    await page.locator('.customer h2').getByRole('button').click();
    await page.locator('.account-screen').waitFor(live);
    const back = page.getByRole('button', { name: 'Back to the ticket' });
    await back.waitFor(live);
    expect(await page.locator('.sidebar').getByRole('button', { name: /^Dispatch inbox/ }).getAttribute('aria-current')).toBe('page');
    expect(await axeViolations(page), 'account page').toEqual([]);
    await back.click();
    await page.locator('#ticket-title').getByText(`#${t.number}`).waitFor(live);
    // The ticket's Back names the queue it came from; Escape goes there.
    await page.getByRole('button', { name: 'Back to Dispatch inbox' }).waitFor(live);
    await page.locator('.customer h2').getByRole('button').click();
    await page.locator('.account-screen').waitFor(live);
    await page.locator('.account-screen h1').click();
    await page.keyboard.press('Escape');
    await page.locator('#ticket-title').getByText(`#${t.number}`).waitFor(live);
    await page.locator('#ticket-title').click();
    await page.keyboard.press('Escape');
    await inbox().waitFor(live);
    expect(problems).toEqual([]);
  }, 60_000);

  it('billing tabs name the list and its count apart from the key hint; the account page from billing goes back to Billing', async () => {
    // A paid order waiting for billing, set up the way it arrives: an invoice issued and paid.
    const customer = await stack.server.login('customer@example.com');
    const [{ accountId }] = (await stack.server.ctx.db.query<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE email = $1', ['customer@example.com'])) as [{ accountId: number }];
    await paidOrder(stack.server, { accountId, customerToken: customer, items: [{ type: 'support_points', points: 50, priceCents: 27500 }], amountCents: 27500, clientId: 'screens-billing-setup' });
    const core = await createConsoleCore({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-web-billing-')), tokenStore: memoryTokenStore(), defaultServerUrl: stack.server.url });
    const host = await startWebHost({ core, port: 0, renderer: { dir: rendererDir } });
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    p.on('pageerror', (err) => problems.push(err.message));
    try {
      await p.goto(host.url);
      await p.getByLabel('Email').fill('billing@example.com');
      await p.getByLabel('Password').fill('switchboard');
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.locator('.sidebar').getByRole('button', { name: /^Billing/ }).click();
      const tabs = p.getByRole('tablist', { name: 'Billing lists' }).getByRole('tab');
      await tabs.first().waitFor(live);
      const names = await tabs.evaluateAll((ts) => ts.map((t) => [(t as unknown as { textContent: string }).textContent, (t as unknown as { getAttribute(n: string): string }).getAttribute('aria-keyshortcuts')]));
      expect(names.length).toBeGreaterThan(1);
      names.forEach(([, key], i) => expect(key).toBe(String(i + 1)));
      // The accessible name is the list and its count, without the key.
      const first = tabs.first();
      const label = (await first.locator('.tab-label').textContent())!;
      const count = (await first.locator('.count').textContent())!.replace(' waiting', '');
      await p.getByRole('tab', { name: `${label} ${count} waiting`, exact: true }).waitFor(live);
      expect(await first.locator('kbd').getAttribute('aria-hidden')).toBe('true');
      expect(await axeViolations(p), 'billing tabs').toEqual([]);
      await p.getByRole('tab', { name: /^Pending orders [1-9]\d* waiting$/ }).waitFor(live);
      // Pressing a tab's key still switches to it.
      await p.locator('#billing-title').click();
      await p.keyboard.press('2');
      await expect.poll(() => tabs.nth(1).getAttribute('aria-selected'), live).toBe('true');
      await p.keyboard.press('1');
      await expect.poll(() => tabs.first().getAttribute('aria-selected'), live).toBe('true');
      // Enter opens the account of the order under the cursor; Back names Billing, whose entry stays highlighted.
      await p.locator('.billing-table').focus();
      await p.keyboard.press('Enter');
      await p.locator('.account-screen').waitFor(live);
      expect(await p.locator('.sidebar').getByRole('button', { name: /^Billing/ }).getAttribute('aria-current')).toBe('page');
      expect(await axeViolations(p), 'account page from billing').toEqual([]);
      await p.getByRole('button', { name: 'Back to Billing' }).click();
      await p.getByRole('tablist', { name: 'Billing lists' }).waitFor(live);
    } finally {
      await p.close();
      await host.close();
      await core.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
