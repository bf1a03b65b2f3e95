/**
 * The admin's Catalogue screen in Chromium (the built console through the web host, a real
 * server): an admin opens it from the command palette, adds a service with the keyboard (a bad
 * price refused beside its field), changes its price (both prices in its history), retires it
 * (gone from the public list, kept here); axe finds nothing serious on the screen.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureDemoCatalogue } from '../../src/server/seed/write/catalogue';
import { axeViolations } from '../support/axe';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { openScreen, staffPage } from './support/dispatcherPage';

browserSuite('the Catalogue screen in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    const appDir = await buildApp();
    stack = await startConsoleStack({ rendererDir: path.join(appDir, 'renderer') });
    await ensureDemoCatalogue(stack.server.ctx.db, stack.server.clock.now());
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an admin adds, reprices and retires an item with the keyboard; the history and the public list follow', async () => {
    const problems: string[] = [];
    const page = await staffPage(browser, stack, 'admin@example.com', problems);
    page.on('dialog', (d) => void d.accept());
    await openScreen(page, 'catalogue', /Catalogue/);
    const table = page.getByRole('table', { name: 'Catalogue' });
    await table.getByText('X-Cart Gold license').waitFor();
    await table.getByRole('row').filter({ hasText: 'X-Survey Classic' }).getByText('Retired').waitFor();

    // "n" goes to the new-item form's first field (Kind).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('n');
    const form = page.getByRole('form', { name: 'New catalogue item' });
    expect(await page.evaluate('document.activeElement?.closest("form")?.getAttribute("aria-label") + " / " + document.activeElement?.closest("label")?.textContent')).toMatch(/^New catalogue item \/ Kind/);
    await form.getByLabel('Kind').selectOption({ label: 'Services' });
    await form.getByLabel('Name').fill('Security audit');
    await form.getByLabel('Description').fill('A review of your store for known vulnerabilities.');
    await form.getByLabel('Price (USD)').fill('a lot');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByRole('alert').filter({ hasText: 'must be a price such as 49.90' }).waitFor();
    expect(await form.getByLabel('Price (USD)').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Price (USD)').fill('149.00');
    await form.getByRole('button', { name: 'Add' }).click();
    const row = table.getByRole('row').filter({ hasText: 'Security audit' });
    await row.getByText('USD 149.00').waitFor();

    // Move the cursor onto it and edit with "e": a new price joins the history.
    await row.click();
    await page.keyboard.press('e');
    const edit = page.getByRole('form', { name: 'Change Security audit' });
    await edit.getByLabel('Price (USD)').fill('159.50');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByText('USD 159.50').waitFor();
    const history = page.getByRole('region', { name: 'Price history of Security audit' });
    await history.getByText('USD 159.50', { exact: false }).waitFor();
    expect(await history.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('USD 149.00'), expect.stringMatching(/^USD 159.50 from .+, set by Ada Admin$/)]);

    // "r" retires it (after the confirmation): retired here, gone from the public list.
    await row.click();
    await page.keyboard.press('r');
    await row.getByText('Retired').waitFor();
    const publicList = await stack.server.api<{ items: Array<{ name: string }> }>('GET', '/api/catalogue');
    expect(publicList.body.items.some((i) => i.name === 'Security audit')).toBe(false);

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
