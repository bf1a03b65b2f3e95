/**
 * Every main screen checked with axe-core in Chromium (light and dark theme; file area, billing and account pages included): no serious or
 * critical violation — every control has a name, roles are valid, contrast holds, the grid's
 * rows and cells are what a screen reader expects. axe runs through the DevTools protocol,
 * so the web host's Content-Security-Policy stays as strict as in use.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { violations } from './support/axe';
import { browserSuite, chromiumPath } from '../support/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../console/support/buildApp';
import { chromiumArgs, openConsole, signIn, type E2eConsole } from './support/e2eConsole';
import { startE2eServer, type E2eServer } from './support/e2eServer';

const live = { timeout: 20_000 };
browserSuite('accessibility of the main screens, in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let dispatcher: E2eConsole;
  let billing: E2eConsole;
  const findings: Record<string, string[]> = {};

  async function check(c: E2eConsole, screen: string): Promise<void> {
    findings[screen] = await violations(c.page);
  }

  beforeAll(async () => {
    const [outDir, s] = await Promise.all([buildApp(), startE2eServer({ tickets: 200 })]);
    server = s;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const renderer = path.join(outDir, 'renderer');
    dispatcher = await openConsole(browser, 'a11y-dispatcher', renderer);
    billing = await openConsole(browser, 'a11y-billing', renderer);
  }, 240_000);

  afterAll(async () => {
    await dispatcher?.close();
    await billing?.close();
    await browser?.close();
    await server?.close();
  });

  it('the sign-in form', async () => {
    await dispatcher.page.getByLabel('Server URL').waitFor(live);
    await check(dispatcher, 'sign-in');
    expect(findings['sign-in']).toEqual([]);
  });

  // A first sync and eight axe runs: more than the default minute when the machine is busy.
  it('the queue, a ticket, search, the dashboard, the palette and the shortcut list of a dispatcher', async () => {
    const { page } = dispatcher;
    await signIn(dispatcher, server.url, 'dispatcher@example.com');
    await page.getByRole('grid').locator('[role="row"][aria-rowindex="2"]').waitFor(live);
    await check(dispatcher, 'queue');
    await page.keyboard.press('Enter');
    await page.locator('#ticket-title').waitFor(live);
    await check(dispatcher, 'ticket');
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.getByRole('searchbox').first().fill('checkout');
    await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor(live);
    await check(dispatcher, 'search');
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor(live);
    await check(dispatcher, 'dashboard');
    await page.getByRole('button', { name: 'File area' }).click();
    await page.getByRole('tree', { name: 'File area folders and files' }).waitFor(live);
    await check(dispatcher, 'files');
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).waitFor(live);
    await check(dispatcher, 'palette');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor(live);
    await check(dispatcher, 'shortcuts');
    await page.keyboard.press('Escape');
    // The dark theme has its own colours: contrast again on the queue.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: /^All/ }).first().click();
    await page.getByRole('grid').locator('[role="row"][aria-rowindex="2"]').waitFor(live);
    await check(dispatcher, 'queue-dark');
    expect(findings).toMatchObject({ queue: [], ticket: [], search: [], dashboard: [], files: [], palette: [], shortcuts: [], 'queue-dark': [] });
  }, 180_000);

  it('the billing queue and an account page', async () => {
    const { page } = billing;
    await signIn(billing, server.url, 'billing@example.com');
    await page.locator('.sidebar-screens').getByRole('button', { name: /^Billing/ }).click(live);
    await page.getByRole('tablist', { name: 'Billing lists' }).waitFor(live);
    await page.getByRole('table').or(page.getByText('Nothing waiting here.')).first().waitFor(live);
    await check(billing, 'billing');
    await page.getByRole('button', { name: 'Account' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Licenses' }).waitFor(live);
    await check(billing, 'account');
    expect(findings).toMatchObject({ billing: [], account: [] });
  });
});
