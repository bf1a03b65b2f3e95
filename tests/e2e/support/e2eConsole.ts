/**
 * One console as a person uses it: a web host (its own console core and cache folder, since
 * one host is one signed-in session) and a Chromium context on it. Collects page errors and
 * console errors (a CSP violation shows up there), and saves screenshots as test artifacts.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createConsoleCore, type ConsoleCore } from '../../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../../src/main/console/tokenStore';
import { startWebHost, type WebHost } from '../../../src/main/web/webHost';

export { chromiumArgs } from '../../support/chromium';

/** Where screenshots go: SWITCHBOARD_E2E_ARTIFACTS, else test-artifacts/e2e in the repository. */
export const artifactsDir = path.resolve(process.env.SWITCHBOARD_E2E_ARTIFACTS ?? path.join(import.meta.dirname, '../../../test-artifacts/e2e'));

export interface E2eConsole {
  name: string;
  core: ConsoleCore;
  web: WebHost;
  context: BrowserContext;
  page: Page;
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openConsole(browser: Browser, name: string, rendererDir: string): Promise<E2eConsole> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `sb-e2e-${name}-`));
  // Quick reconnects: the test stops the server and waits for the console to come back.
  const core = await createConsoleCore({ dataDir, tokenStore: memoryTokenStore(), engineOptions: { backoff: { baseMs: 100, maxMs: 1_000, random: Math.random } } });
  const web = await startWebHost({ core, port: 0, renderer: { dir: rendererDir } });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`${name}: page error: ${err.message}`));
  page.on('console', (m) => {
    // The browser's own note when the web host's socket drops is not the app's error.
    if (m.type() === 'error' && !/WebSocket connection/.test(m.text())) problems.push(`${name}: console error: ${m.text()}`);
  });
  page.on('dialog', (d) => void d.accept());
  await page.goto(web.url);
  mkdirSync(artifactsDir, { recursive: true });
  return {
    name,
    core,
    web,
    context,
    page,
    problems,
    async screenshot(shot) {
      const file = path.join(artifactsDir, `${shot}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await context.close();
      await web.close();
      await core.close();
    },
  };
}

/** Signs in through the form, the way a new user does. */
export async function signIn(c: E2eConsole, serverUrl: string, email: string): Promise<void> {
  const { page } = c;
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('switchboard');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
