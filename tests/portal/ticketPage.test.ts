/**
 * A ticket's page in Chromium, following the help page: b. posting a message (Reply, type,
 * Send), c. closing through "Ticket properties", d. reopening within the window and, after
 * it, a message starting a follow-up ticket, e. HotRush and the priority, "Post access info"
 * (stored, never shown back), hostile text staying inert, and another account's ticket number
 * giving the page's "not found".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type Customer, type PortalStack } from './support/portalStack';

browserSuite('a ticket\'s page in the Communication center, in Chromium', () => {
  let stack: PortalStack;
  let token: string;
  beforeAll(async () => {
    stack = await startPortalStack();
    token = await stack.server.login(demoCustomer.email);
  }, 240_000);
  afterAll(() => stack?.close());

  const newTicket = async (subject: string, body = 'My shop shows a blank page after the upgrade.'): Promise<number> => {
    const r = await stack.server.api('POST', '/api/customer/tickets', { token, body: { type: 'tech', subject, body, productVersion: '4.1.9' } });
    expect(r.status).toBe(201);
    return r.body.number;
  };
  const row = async (number: number) =>
    (await stack.server.db.query<{ id: number; status: string; priority: string; hotRush: boolean }>(
      'SELECT id, status, priority, hot_rush AS "hotRush" FROM tickets WHERE number = $1', [number],
    ))[0]!;
  const heading = (page: Page, number: number) => page.getByRole('heading', { level: 1, name: new RegExp(`^Ticket #${number}: `) });
  const openTicket = async (c: Customer, number: number) => {
    await c.page.goto(`${stack.url}/tickets/${number}`);
    await heading(c.page, number).waitFor();
  };
  const summary = (page: Page, term: string) => page.locator('.ticket-summary div', { has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');
  const properties = async (page: Page) => {
    await page.getByRole('button', { name: 'Ticket properties' }).click();
    return page.getByRole('form', { name: 'Ticket properties' });
  };

  it('b. posts a message: select the ticket, click Reply, type in a message and click Send', async () => {
    const subject = 'Blank page after upgrade (post a message)';
    const number = await newTicket(subject);
    const c = await stack.open('post-message', demoCustomer.email);
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Communication center' }).click();
    await c.page.getByRole('heading', { level: 1 }).waitFor();
    // Select the ticket on the Communication index page by its subject.
    await c.page.getByRole('main').getByRole('link', { name: subject, exact: true }).click();
    await heading(c.page, number).waitFor();
    expect(await summary(c.page, 'Product version').textContent()).toBe('4.1.9');
    expect(await summary(c.page, 'Type').textContent()).toBe('Tech support question');

    await c.page.getByRole('button', { name: /^Reply to Carla Customer's message of / }).click();
    const form = c.page.getByRole('form', { name: 'Send new message' });
    const box = form.getByLabel('Message');
    expect(await box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await box.inputValue()).toMatch(/^Carla Customer wrote on .+:\n> My shop shows a blank page after the upgrade\.\n\n$/);
    await c.page.keyboard.type('It happens on the cart page only.');
    await form.getByRole('button', { name: 'Send' }).click();
    await c.page.getByRole('article').filter({ hasText: 'It happens on the cart page only.' }).waitFor();
    expect(await box.inputValue()).toBe('');
    const [stored] = await stack.server.db.query<{ body: string }>(
      `SELECT m.body FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.number = $1 AND m.kind = 'customer' ORDER BY m.id DESC LIMIT 1`, [number]);
    expect(stored!.body).toMatch(/> My shop shows a blank page after the upgrade\.\n\nIt happens on the cart page only\.$/);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('c. closes a ticket: Ticket properties, "Closed" from the Status drop-down, Update', async () => {
    const number = await newTicket('Resolved question (close)');
    const c = await stack.open('close', demoCustomer.email);
    await openTicket(c, number);
    const form = await properties(c.page);
    await form.getByLabel('Status').selectOption({ label: 'Closed' });
    await form.getByRole('button', { name: 'Update' }).click();
    await form.getByRole('status').filter({ hasText: 'Ticket properties updated. Status: Closed' }).waitFor();
    expect(await summary(c.page, 'Status').textContent()).toMatch(/^Closed on .+ — free of charge$/);
    expect((await row(number)).status).toBe('closed');
    // A closed ticket takes no message: the page says how to reopen it instead.
    expect(await c.page.getByRole('form', { name: 'Send new message' }).count()).toBe(0);
    await c.page.getByText(/You can post new messages only into open tickets\. This ticket is closed; you can reopen it until/).waitFor();
    expect(await c.page.getByRole('button', { name: /^Reply to / }).count()).toBe(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('shows a PRE CLOSED ticket with the cost its closing will charge', async () => {
    const number = await newTicket('Pre-closed ticket');
    await stack.server.db.query(`UPDATE tickets SET status = 'pre_closed', cost = 3, answered_at = $2, pre_closed_at = $2, close_due_at = $3 WHERE number = $1`, [
      number, Date.now(), Date.now() + 72 * 3_600_000,
    ]);
    const c = await stack.open('pre-closed', demoCustomer.email);
    await openTicket(c, number);
    expect(await summary(c.page, 'Status').textContent()).toMatch(/^PRE CLOSED — closes by itself on .+ unless you reply; closing will charge 3 support points$/);
    const form = await properties(c.page);
    await form.getByText('Closing the ticket charges 3 support points.').waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('d. reopens a closed ticket within the window: Ticket properties, "Reopen", Update', async () => {
    const number = await newTicket('Came back (reopen)');
    expect((await stack.server.api('POST', `/api/customer/tickets/${number}/close`, { token })).status).toBe(200);
    const c = await stack.open('reopen', demoCustomer.email);
    await openTicket(c, number);
    const form = await properties(c.page);
    await form.getByText(/^You can reopen this ticket until /).waitFor();
    await form.getByLabel('Status').selectOption({ label: 'Reopen' });
    await form.getByRole('button', { name: 'Update' }).click();
    await form.getByRole('status').filter({ hasText: 'Ticket properties updated. Status: Open' }).waitFor();
    expect((await row(number)).status).toBe('open');
    // Open again: the Send new message form is back.
    await c.page.getByRole('form', { name: 'Send new message' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('d. after the reopen window: Reopen is refused in place, and a message starts a follow-up ticket with the notice', async () => {
    const number = await newTicket('Old closed ticket (follow-up)');
    expect((await stack.server.api('POST', `/api/customer/tickets/${number}/close`, { token })).status).toBe(200);
    // Closed 15 days ago: past the 14-day window.
    await stack.server.db.query('UPDATE tickets SET closed_at = $2 WHERE number = $1', [number, Date.now() - 15 * 24 * 3_600_000]);
    const c = await stack.open('follow-up', demoCustomer.email);
    await openTicket(c, number);
    const form = await properties(c.page);
    await form.getByText(/^The reopen window ended on .+: a new message starts a follow-up ticket instead\.$/).waitFor();
    await form.getByLabel('Status').selectOption({ label: 'Reopen' });
    await form.getByRole('button', { name: 'Update' }).click();
    const status = form.getByLabel('Status');
    await c.page.locator('.field-error').filter({ hasText: /closed more than 14 days ago/ }).waitFor();
    expect(await status.getAttribute('aria-invalid')).toBe('true');
    expect((await row(number)).status).toBe('closed');

    const send = c.page.getByRole('form', { name: 'Send new message' });
    await send.getByText(/A message you send now starts a new follow-up ticket to this one\./).waitFor();
    await send.getByLabel('Message').fill('The problem is back after the hosting move.');
    await send.getByRole('button', { name: 'Send' }).click();
    await c.page.waitForURL((u) => /^\/tickets\/\d+$/.test(u.pathname) && u.pathname !== `/tickets/${number}`);
    const followUp = Number(new URL(c.page.url()).pathname.split('/').at(-1));
    await heading(c.page, followUp).waitFor();
    await c.page.getByText(`your message started a new ticket #${followUp}, a follow-up to #${number}`, { exact: false }).waitFor();
    await c.page.getByRole('article').filter({ hasText: 'The problem is back after the hosting move.' }).waitFor();
    expect(await summary(c.page, 'Follow-up to').textContent()).toBe(`ticket #${number}`);
    const [stored] = await stack.server.db.query<{ followUpOf: number }>(
      'SELECT f.number AS "followUpOf" FROM tickets t JOIN tickets f ON f.id = t.follow_up_of_id WHERE t.number = $1', [followUp]);
    expect(stored!.followUpOf).toBe(number);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('e. sets HotRush and changes the priority through Ticket properties', async () => {
    const number = await newTicket('Urgent now (HotRush)');
    const c = await stack.open('hotrush', demoCustomer.email);
    await openTicket(c, number);
    const form = await properties(c.page);
    await form.getByLabel('Priority').selectOption({ label: 'Major' });
    await form.getByRole('button', { name: 'Update' }).click();
    await form.getByRole('status').filter({ hasText: 'Priority: Major; HotRush: off' }).waitFor();
    expect(await summary(c.page, 'Priority').textContent()).toBe('Major');
    expect((await row(number)).priority).toBe('major');

    await form.getByRole('checkbox', { name: 'HotRush' }).check();
    await form.getByRole('button', { name: 'Update' }).click();
    await form.getByRole('status').filter({ hasText: 'HotRush: on' }).waitFor();
    expect(await summary(c.page, 'HotRush').textContent()).toBe('HotRush');
    expect((await row(number)).hotRush).toBe(true);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('posts access info on its tab: stored encrypted, the text never shown back nor in the ticket\'s GET', async () => {
    const number = await newTicket('Needs server access');
    const secret = 'FTP ftp.carlas-crafts.example user carla password Tr0ub4dor-secret';
    const c = await stack.open('access-info', demoCustomer.email, { width: 360 });
    await openTicket(c, number);
    const tablist = c.page.getByRole('tablist');
    expect(await tablist.getByRole('tab', { name: 'Conversation' }).getAttribute('aria-selected')).toBe('true');
    // Keyboard: the arrow key moves to the next tab.
    await tablist.getByRole('tab', { name: 'Conversation' }).focus();
    await c.page.keyboard.press('ArrowRight');
    const tab = tablist.getByRole('tab', { name: 'Post access info' });
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect(new URL(c.page.url()).searchParams.get('tab')).toBe('access-info');
    const panel = c.page.getByRole('tabpanel', { name: 'Post access info' });
    const form = panel.getByRole('form', { name: 'Post access info' });
    await form.getByLabel('Access info').fill(secret);
    await form.getByRole('button', { name: 'Post access info' }).click();
    await form.getByRole('status').filter({ hasText: 'Your access info was posted.' }).waitFor();
    await panel.getByText(/^Access info posted on .+ by Carla Customer$/).waitFor();
    expect(await form.getByLabel('Access info').inputValue()).toBe('');
    await c.page.reload();
    await panel.getByText(/^Access info posted on .+ by Carla Customer$/).waitFor();
    expect(await c.page.content()).not.toContain('Tr0ub4dor');
    // Stored, encrypted.
    const [stored] = await stack.server.db.query<{ n: number; plain: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE position(convert_to('Tr0ub4dor', 'UTF8') IN ciphertext) > 0)::int AS plain
         FROM access_infos a JOIN tickets t ON t.id = a.ticket_id WHERE t.number = $1`, [number]);
    expect(stored).toEqual({ n: 1, plain: 0 });
    const detail = await stack.server.api('GET', `/api/customer/tickets/${number}`, { token });
    expect(JSON.stringify(detail.body)).not.toContain('Tr0ub4dor');
    const list = await stack.server.api('GET', `/api/customer/tickets/${number}/access-info`, { token });
    expect(JSON.stringify(list.body)).not.toContain('Tr0ub4dor');
    // 360 px wide: nothing sticks out sideways.
    expect(await c.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('shows hostile text in a message as inert text: no script runs, no element is created', async () => {
    const hostile = '<img src=x onerror="window.__pwned = 1"> and <script>window.__pwned = 2</script> **bold**';
    const number = await newTicket('Hostile text', hostile);
    const c = await stack.open('hostile', demoCustomer.email);
    await openTicket(c, number);
    const first = c.page.getByRole('article').first();
    await first.getByText('<img src=x onerror="window.__pwned = 1">', { exact: false }).waitFor();
    await first.getByText('<script>window.__pwned = 2</script>', { exact: false }).waitFor();
    // Typed into the page too: the sent message is shown the same way.
    const form = c.page.getByRole('form', { name: 'Send new message' });
    await form.getByLabel('Message').fill('<script>window.__pwned = 3</script><img src=y onerror="window.__pwned = 4">');
    await form.getByRole('button', { name: 'Send' }).click();
    await c.page.getByRole('article').filter({ hasText: '<script>window.__pwned = 3</script>' }).waitFor();
    expect(await c.page.evaluate('window.__pwned === undefined')).toBe(true);
    expect(await c.page.locator('.conversation img, .conversation script, main script').count()).toBe(0);
    expect(await first.locator('strong', { hasText: 'bold' }).count()).toBe(1);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('gives the page\'s "not found" for another account\'s ticket number (the server answers 404)', async () => {
    const [foreign] = await stack.server.db.query<{ number: number }>(
      `SELECT t.number FROM tickets t JOIN accounts a ON a.id = t.account_id WHERE a.company <> $1 ORDER BY t.number LIMIT 1`, [demoCustomer.company]);
    expect((await stack.server.api('GET', `/api/customer/tickets/${foreign!.number}`, { token })).status).toBe(404);
    const c = await stack.open('foreign', demoCustomer.email);
    await c.page.goto(`${stack.url}/tickets/${foreign!.number}`);
    await c.page.getByRole('heading', { level: 1, name: 'Ticket not found' }).waitFor();
    await c.page.getByText(`There is no ticket #${foreign!.number} in your account.`).waitFor();
    const [subject] = await stack.server.db.query<{ subject: string }>('SELECT subject FROM tickets WHERE number = $1', [foreign!.number]);
    expect(await c.page.content()).not.toContain(subject!.subject);
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
