/**
 * The conversation in Chromium (built console, web host, real server): what a message shows.
 * Bugs of issue 21: numbered lists kept their numbers only outside the conversation (the
 * timeline's `list-style: none` reached every `<ol>` in it), and a split message left its
 * attachment behind on the old ticket under "Other attachments". A split names its new ticket and both link to each other.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { upload } from '../support/fileArea';
import { StaffConsole } from '../support/lifecycle';
import { violations } from '../e2e/support/axe';
import { buildApp } from './support/buildApp';
import { dispatcherPage, openByNumber } from './support/dispatcherPage';
import { createCustomerTicket, startConsoleStack, type ConsoleStack } from './support/consoleStack';

const live = { timeout: 20_000 };

/** The page's window as the test sees it (the test's TypeScript has no DOM types). */
interface PageWindow {
  getComputedStyle(el: unknown): { listStyleType: string; paddingLeft: string; fontFamily: string };
}


browserSuite('the conversation in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startConsoleStack({ rendererDir: path.join(await buildApp(), 'renderer') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function signedIn(): Promise<Page> {
    page ??= await dispatcherPage(browser, stack, problems);
    return page;
  }

  it('shows a numbered list in a message with its numbers and indent (and a short message unfolded)', async () => {
    const t = await createCustomerTicket(stack.server, 'How to change my license URL?', {
      body: 'What I tried:\n\n1. Open the license page\n2. Type the new URL\n3. Save\n\n- a bullet too',
    });
    const p = await signedIn();
    await p.getByRole('grid', { name: 'Dispatch inbox' }).getByText(t.subject).waitFor(live);
    await openByNumber(p, t.number);
    const ol = p.locator('.message-body ol').first();
    await ol.waitFor(live);
    const style = await ol.evaluate((el) => {
      const w = globalThis as unknown as PageWindow;
      const s = w.getComputedStyle(el);
      const li = w.getComputedStyle((el as { querySelector(s: string): unknown }).querySelector('li'));
      return { type: li.listStyleType, padding: parseFloat(s.paddingLeft) };
    });
    expect(style.type).toBe('decimal');
    expect(style.padding).toBeGreaterThan(10);
    expect(await p.locator('.message-body ul li').first().evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).listStyleType)).toBe('disc');
    expect(await p.getByRole('button', { name: /^Show all/ }).count()).toBe(0);
    // The timeline itself stays a plain list.
    expect(await p.locator('.conversation .timeline').evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).listStyleType)).toBe('none');
  }, 120_000);

  it('folds a long pasted log after about twelve lines, in monospace, with Show all', async () => {
    const log = Array.from({ length: 40 }, (_, i) => `2026-11-02 09:00:${String(i).padStart(2, '0')} ERROR cart.php line ${i}: undefined index`).join('\n');
    const t = await createCustomerTicket(stack.server, 'Checkout log attached', { body: `The checkout fails, the log says:\n${log}\nPlease help.` });
    const p = await signedIn();
    await openByNumber(p, t.number);
    const message = p.getByRole('listitem', { name: /^Customer from/ }).filter({ hasText: 'The checkout fails' });
    const pre = message.locator('pre').first();
    await pre.waitFor(live);
    expect(await pre.evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    const fold = message.locator('.message-fold > div').first();
    const folded = await fold.boundingBox();
    const showAll = message.getByRole('button', { name: 'Show all (42 lines)' });
    expect(await violations(p), 'a folded message').toEqual([]);
    await showAll.click();
    await message.getByRole('button', { name: 'Show less' }).waitFor(live);
    expect((await fold.boundingBox())!.height).toBeGreaterThan(folded!.height * 2);
    await message.getByText('Please help.').waitFor(live);
    // Show less folds it again.
    await message.getByRole('button', { name: 'Show less' }).click();
    await showAll.waitFor(live);
    expect((await fold.boundingBox())!.height).toBe(folded!.height);
  }, 120_000);

  it('splits a merged-in message out with its attachment', async () => {
    const customer = await stack.server.login('customer@example.com');
    const from = await createCustomerTicket(stack.server, 'Checkout error, screenshot attached');
    const into = await createCustomerTicket(stack.server, 'Another question about checkout');
    const [m] = await stack.server.ctx.db.query<{ id: number }>('SELECT id FROM ticket_messages WHERE ticket_id = $1', [from.id]);
    const file = await upload(stack.server, customer, `/api/customer/tickets/${from.number}/attachments?name=checkout-error.png&messageId=${m!.id}`, Buffer.from('png'));
    expect(file.status).toBe(201);
    await new StaffConsole(stack.server, await stack.server.login('dispatcher@example.com')).do('ticket.merge', { ticketId: from.id, intoTicketId: into.id });

    const p = await signedIn();
    await openByNumber(p, into.number);
    const moved = p.getByRole('listitem', { name: /^Customer from/ }).filter({ hasText: 'Details about: Checkout error' });
    await moved.getByRole('list', { name: 'Attachments' }).getByText('checkout-error.png').waitFor(live);
    await moved.getByRole('button', { name: 'Split out…' }).click();
    await p.getByRole('form', { name: 'Split this message into a new ticket' }).getByRole('button', { name: 'Split into new ticket' }).click();
    // The old ticket keeps no stray copy once the server's changes are in.
    await expect.poll(() => p.getByRole('region', { name: 'Conversation' }).getByText('Details about: Checkout error').count(), live).toBe(0);
    await expect.poll(() => p.getByRole('heading', { name: 'Other attachments' }).count(), live).toBe(0);
    const [split] = await stack.server.ctx.db.query<{ number: number }>('SELECT number FROM tickets WHERE split_from_id = $1', [into.id]);
    // The toast names the new ticket, and the old one links to it.
    await p.getByRole('list', { name: 'Notifications' }).getByText(`Split into new ticket #${split!.number}`).waitFor(live);
    expect(await violations(p), 'a split toast and the links').toEqual([]);
    await p.locator('.ticket-links').getByRole('button', { name: `#${split!.number}` }).click();
    await p.locator('#ticket-title').getByText(`#${split!.number}`).waitFor(live);
    await p.locator('.ticket-links').getByRole('button', { name: 'the original ticket' }).waitFor(live);
    const message = p.getByRole('listitem', { name: /^Customer from/ }).filter({ hasText: 'Details about: Checkout error' });
    await message.getByRole('list', { name: 'Attachments' }).getByText('checkout-error.png').waitFor(live);
    expect(await p.getByRole('heading', { name: 'Other attachments' }).count()).toBe(0);
    // The attachment's icon is drawn, not a glyph the font may lack.
    expect(await message.locator('.attachments svg.icon').count()).toBe(1);
    expect(await message.locator('.attachments').textContent()).not.toContain('📎');
    expect(problems).toEqual([]);
  }, 120_000);
});
