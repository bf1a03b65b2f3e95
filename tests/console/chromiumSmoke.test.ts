/**
 * The built renderer in a real browser (Debian's Chromium) against the web host and a real
 * server: sign in as the dispatcher through the form and see the customer's ticket in the
 * inbox. Customer text must arrive as text: a subject with markup is shown literally.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { browserSuite, chromiumPath } from '../support/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './support/buildApp';
import { createCustomerTicket, startConsoleStack, type ConsoleStack, type NewTicket } from './support/consoleStack';


browserSuite('console in Chromium through the web host', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let ticket: NewTicket;
  let hostile: NewTicket;

  beforeAll(async () => {
    const [outDir] = await Promise.all([buildApp()]);
    stack = await startConsoleStack({ rendererDir: path.join(outDir, 'renderer') });
    ticket = await createCustomerTicket(stack.server, 'License key rejected on the new domain');
    hostile = await createCustomerTicket(stack.server, '<img src=x onerror="document.title=\'pwned\'"> help');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in as the dispatcher and shows the inbox', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(stack.server.url);
    await page.getByLabel('Email').fill('dispatcher@example.com');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('Wrong email or password');

    await page.getByLabel('Password').fill('switchboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const inbox = page.getByRole('grid', { name: 'Dispatch inbox' });
    await inbox.getByText(ticket.subject).waitFor({ timeout: 30_000 });
    await expect.poll(() => inbox.getByText(hostile.subject, { exact: true }).count()).toBe(1);
    expect(await page.locator('.tickets img').count()).toBe(0);
    expect(await page.title()).toBe('Switchboard');
    expect(await page.getByRole('button', { name: /Dispatch inbox/ }).textContent()).toMatch(/\d+/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the session: a new tab opens signed in', async () => {
    const page = await browser.newPage();
    await page.goto(stack.web.url);
    await page.getByRole('grid', { name: 'Dispatch inbox' }).getByText(ticket.subject).waitFor({ timeout: 20_000 });
    await page.close();
  });
});
