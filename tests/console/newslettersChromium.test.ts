/**
 * The admin's Newsletters screen in Chromium (the built console through the web host, a real
 * server): an admin opens it from the command palette, writes an issue in markdown, sees the
 * preview render it safely (hostile HTML stays text), refuses an empty subject beside its
 * field, keeps the draft across a reload, sends a test to their own address, then sends the issue to the topic's subscribers;
 * the sent issues list follows it from queued to delivered. axe finds nothing serious.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { CapturedMail } from '../support/lifecycle';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { openScreen, reloadConsole, staffPage } from './support/dispatcherPage';

browserSuite('the Newsletters screen in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  const mail = new CapturedMail();

  beforeAll(async () => {
    const appDir = await buildApp();
    stack = await startConsoleStack({ rendererDir: path.join(appDir, 'renderer'), server: { mailTransport: mail, config: { publicUrl: 'https://account.example.com' } } });
    await stack.server.ctx.db.query(
      `INSERT INTO accounts (company, contact_email, created_at, newsletter)
       SELECT 'Reader ' || g, 'reader-' || g || '@example.net', $1::bigint, ARRAY['company_news'] FROM generate_series(1, 12) g`,
      [stack.server.clock.now()],
    );
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an admin composes, previews, sends a test to themselves, then sends the issue; the list shows its counts', async () => {
    const problems: string[] = [];
    const page = await staffPage(browser, stack, 'admin@example.com', problems);
    page.on('dialog', (d) => void d.accept());
    await openScreen(page, 'newsletters', 'Newsletters');
    await page.getByRole('table', { name: 'Sent newsletters' }).getByText('No issue sent yet.').waitFor();

    // "n" goes to the form's first field.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('n');
    const form = page.getByRole('form', { name: 'New newsletter issue' });
    expect(await page.evaluate('document.activeElement?.closest("label")?.textContent')).toMatch(/^Topic/);
    await form.getByLabel('Topic').selectOption({ label: 'Company news (12 subscribers)' });
    await form.getByLabel('Body (markdown)').fill('Our **autumn** update.\n\n- Faster search\n- <img src=x onerror="window.hacked=1">');
    await form.getByRole('button', { name: 'Send test to me' }).click();
    await form.getByRole('alert').filter({ hasText: 'must not be empty' }).waitFor();
    expect(await form.getByLabel('Subject').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Subject').fill('Autumn update');
    // The draft survives leaving the console: after a reload the issue is as it was left.
    await reloadConsole(page);
    await openScreen(page, 'newsletters', 'Newsletters');
    await expect.poll(() => form.getByLabel('Subject').inputValue()).toBe('Autumn update');
    expect(await form.getByLabel('Body (markdown)').inputValue()).toMatch(/^Our \*\*autumn\*\* update\./);
    expect(await form.getByLabel('Topic').inputValue()).toBe('company_news');

    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Autumn update' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('autumn');
    await preview.getByText('<img src=x onerror="window.hacked=1">').waitFor();
    expect(await preview.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.hacked')).toBeUndefined();

    await form.getByRole('button', { name: 'Send test to me' }).click();
    await form.getByRole('status').filter({ hasText: 'Test of "Autumn update" sent to your own address.' }).waitFor();
    await expect.poll(async () => {
      await stack.server.emailSender.runDue();
      return mail.sent.filter((m) => m.subject === '[Test] Autumn update').map((m) => m.to);
    }, { timeout: 20_000 }).toEqual(['admin@example.com']);
    expect(await stack.server.ctx.db.query('SELECT id FROM newsletter_issues')).toEqual([]);

    await form.getByRole('button', { name: 'Send to 12 subscribers…' }).click();
    await form.getByRole('status').filter({ hasText: '"Autumn update" is on its way to 12 subscribers of Company news.' }).waitFor();
    const row = page.getByRole('table', { name: 'Sent newsletters' }).getByRole('row').filter({ hasText: 'Autumn update' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByRole('cell').allTextContents()).toEqual([expect.stringContaining('by Ada Admin'), 'Company news', 'Autumn update', '12', '12', '0', '0', '0']);
    // The form is empty again for the next issue.
    expect(await form.getByLabel('Subject').inputValue()).toBe('');

    await stack.server.newsletterDispatcher.runDue();
    await stack.server.emailSender.runDue();
    expect(mail.sent.filter((m) => m.subject === 'Autumn update')).toHaveLength(12);
    // The list rereads itself while an issue is going out.
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).slice(3), { timeout: 20_000 }).toEqual(['12', '0', '12', '0', '0']);

    // Sent, the draft is gone: a reload shows an empty form.
    await reloadConsole(page);
    await openScreen(page, 'newsletters', 'Newsletters');
    await page.getByRole('table', { name: 'Sent newsletters' }).getByText('Autumn update').waitFor();
    expect(await form.getByLabel('Subject').inputValue()).toBe('');
    expect(await form.getByLabel('Body (markdown)').inputValue()).toBe('');

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
