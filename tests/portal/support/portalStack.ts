/**
 * The customer portal as a customer meets it: the portal built by vite (into a temporary
 * folder, leaving out/ alone), served by a real helpdesk server on generated demo data, whose
 * PUBLIC_URL is its own address (so the links in its .eml emails open its pages), and
 * Chromium. Each customer gets its own browser context (its own cookies).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { demoPassword } from '../../../src/server/seed/demoAccounts';
import { chromiumArgs, chromiumPath } from '../../support/chromium';
import { artifactsDir } from '../../e2e/support/e2eConsole';
import { startE2eServer, type E2eServer } from '../../e2e/support/e2eServer';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

/** Builds the portal into a temporary folder; returns it. */
export async function buildPortal(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'sb-portal-'));
  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '-c', 'vite.portal.config.ts', '--outDir', outDir, '--logLevel', 'warn'], { cwd: root, maxBuffer: 16 << 20 });
  return outDir;
}

/** A TCP port free right now (a server's address known before it starts, for PUBLIC_URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface PortalStack {
  server: E2eServer;
  browser: Browser;
  /** The portal's base URL (the server's). */
  url: string;
  /** A new browser (context) on the portal's sign-in page; `email` signs in through the form. */
  open(name: string, email?: string, opts?: { width?: number; colorScheme?: 'light' | 'dark' }): Promise<Customer>;
  /** The emails written so far (newest last), as raw .eml text. */
  emails(): Array<{ file: string; raw: string }>;
  close(): Promise<void>;
}

export interface Customer {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors (a CSP violation shows there); a clean run leaves it empty. */
  problems: string[];
  signIn(email: string, password?: string): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startPortalStack(opts: { tickets?: number } = {}): Promise<PortalStack> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [portalDir, browser] = await Promise.all([buildPortal(), chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })]);
  const server = await startE2eServer({ tickets: opts.tickets ?? 200, portalDir, port, publicUrl: url, emailIntervalMs: 60_000 });
  const customers: Customer[] = [];
  mkdirSync(artifactsDir, { recursive: true });

  const open: PortalStack['open'] = async (name, email, o = {}) => {
    const context = await browser.newContext({ viewport: { width: o.width ?? 1280, height: 900 }, colorScheme: o.colorScheme ?? 'light', acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`${name}: page error: ${err.message}`));
    page.on('console', (m) => {
      // A refused request (401/403/404/409) is logged by Chromium as a failed resource load; the page shows its reason.
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`${name}: console error: ${m.text()}`);
    });
    const c: Customer = {
      context,
      page,
      problems,
      async signIn(who, password = demoPassword) {
        await page.goto(`${url}/sign-in`);
        const form = page.getByRole('form', { name: 'Sign in' });
        await form.getByLabel('E-mail').fill(who);
        await form.getByLabel('Password').fill(password);
        await form.getByRole('button', { name: 'Sign in' }).click();
        // Signed in, or refused: a refusal fails at once with the reason the page gives.
        const refusal = page.locator('.form-error');
        await page.getByRole('button', { name: 'Sign out' }).or(refusal).first().waitFor();
        if (await refusal.isVisible()) throw new Error(`${name}: sign-in as ${who} refused: ${await refusal.textContent()}`);
      },
      async screenshot(shot) {
        const file = path.join(artifactsDir, `portal-${shot}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      close: () => context.close(),
    };
    customers.push(c);
    if (email) await c.signIn(email);
    else await page.goto(`${url}/sign-in`);
    return c;
  };

  return {
    server,
    browser,
    url,
    open,
    emails() {
      let files: string[] = [];
      try {
        files = readdirSync(server.mailDir).filter((f) => f.endsWith('.eml'));
      } catch {
        return [];
      }
      return files
        .map((f) => ({ file: path.join(server.mailDir, f), raw: readFileSync(path.join(server.mailDir, f), 'utf8') }))
        .sort((a, b) => a.file.localeCompare(b.file));
    },
    async close() {
      for (const c of customers) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}
