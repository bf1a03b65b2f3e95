/**
 * Held mail in Chromium (the built console through the web host, a real server): mail that no
 * rule could place waits for a dispatcher. The dispatcher opens Held mail from the palette,
 * sees who sent it, why it was held and its text as text (markup inert), files one into a
 * ticket by number (the message then shows on that ticket, marked "by email"), starts a ticket
 * with a third that was held while the screen was open (it appears by itself, through the live
 * stream, and the sidebar counts it), and discards another; each leaves the list, and the
 * server holds each decision once.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { composeMail, heldMails, messagesOf } from '../support/mail';
import { buildApp } from './support/buildApp';
import { createCustomerTicket, startConsoleStack, type ConsoleStack } from './support/consoleStack';

browserSuite('held mail in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const appDir = await buildApp();
    stack = await startConsoleStack({ rendererDir: path.join(appDir, 'renderer') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a dispatcher files one held mail into a ticket, starts a ticket with one held while the screen is open (it appears by itself) and discards another, from the palette, by keyboard and click', async () => {
    const ticket = await createCustomerTicket(stack.server, 'License server unreachable');
    // A colleague of the customer writes from an address no account knows: held, not posted.
    const hostile = 'Our admin here: <img src=x onerror="window.__pwned=1"> the server is back.';
    const fromColleague = await composeMail({ from: 'Olga Ops <olga@customer-corp.example>', to: 'support@vendor.example', subject: `Re: [#${ticket.number}] License server unreachable`, text: hostile });
    expect(await stack.server.mailIngest.ingest(fromColleague, 'imap')).toMatchObject({ outcome: 'held' });
    const spam = await composeMail({ from: 'offers@spam.example', to: 'support@vendor.example', subject: 'Cheap licenses', text: 'Buy now.' });
    expect(await stack.server.mailIngest.ingest(spam, 'imap')).toMatchObject({ outcome: 'held', reason: 'unknown_sender' });

    page = await browser.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(stack.server.url);
    await page.getByLabel('Email').fill('dispatcher@example.com');
    await page.getByLabel('Password').fill('switchboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
    // The ticket must be in this console's cache before it can be filed into by number.
    await expect.poll(() => stack.core.call('ticket.byNumber', { number: ticket.number }), { timeout: 30_000 }).not.toBeNull();

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill('held');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Held mail' }).waitFor();

    const colleague = page.getByRole('listitem', { name: /Held mail from olga@customer-corp\.example/ });
    await colleague.waitFor({ timeout: 20_000 });
    await page.getByLabel('2 held mail waiting').waitFor({ timeout: 20_000 });

    // Held while the screen is open: no synced row changes, the live stream tells the console.
    const newcomer = await composeMail({ from: 'nina@newcomer.example', to: 'support@vendor.example', subject: 'Held while you look', text: 'Do you support our shop?' });
    expect(await stack.server.mailIngest.ingest(newcomer, 'imap')).toMatchObject({ outcome: 'held', reason: 'unknown_sender' });
    const live = page.getByRole('listitem', { name: /Held mail from nina@newcomer\.example/ });
    await live.waitFor({ timeout: 20_000 });
    await page.getByLabel('3 held mail waiting').waitFor({ timeout: 20_000 });
    // A dispatcher knows the sender's company: a ticket on that account, by click.
    const [account] = await stack.server.ctx.db.query<{ id: number }>('SELECT account_id AS id FROM users WHERE email = $1', ['customer@example.com']);
    await live.getByLabel('Account to start a ticket on').fill(String(account!.id));
    await live.getByRole('button', { name: 'Start a ticket' }).click();
    await live.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByLabel('2 held mail waiting').waitFor({ timeout: 20_000 });
    await expect.poll(async () => stack.server.ctx.db.query(`SELECT type, priority FROM tickets WHERE subject = 'Held while you look' AND account_id = $1`, [account!.id]), { timeout: 20_000 })
      .toEqual([{ type: 'tech', priority: 'normal' }]);
    // The text as text: the markup shows literally and never runs.
    await colleague.getByText('<img src=x onerror="window.__pwned=1">', { exact: false }).waitFor();
    expect(await colleague.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof globalThis.__pwned')).toBe('undefined');
    expect(await colleague.locator('.held-reason').textContent()).toMatch(/^Held: \S/);

    await colleague.getByLabel('Ticket number to file into').fill(String(ticket.number));
    await colleague.getByRole('button', { name: 'File into ticket' }).click();
    await colleague.waitFor({ state: 'detached', timeout: 20_000 });

    const spamItem = page.getByRole('listitem', { name: /Held mail from offers@spam\.example/ });
    await spamItem.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('No mail is waiting for a decision.').waitFor({ timeout: 20_000 });

    // On the server: the mail is on the ticket once, by email; nothing is held any more.
    await expect.poll(async () => (await messagesOf(stack.server, ticket.id)).filter((m) => m.body.includes('the server is back') && m.via === 'email').length, { timeout: 20_000 }).toBe(1);
    expect((await heldMails(stack.server)).map((h) => h.state).sort()).toEqual(['accepted', 'discarded', 'started']);
    await page.getByLabel('0 held mail waiting').waitFor({ timeout: 20_000 });

    // …and in the console: the ticket shows the message, marked as come by email.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill(`#${ticket.number}`);
    await page.keyboard.press('Enter');
    await page.locator('#ticket-title', { hasText: `#${ticket.number}` }).waitFor();
    const message = page.locator('li.message').filter({ hasText: 'the server is back' });
    await message.getByText('by email').waitFor({ timeout: 20_000 });
    expect(problems).toEqual([]);
  });
});
