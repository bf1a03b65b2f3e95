/**
 * "Create a new ticket" in Chromium, step by step as the help page's "a. How to submit new
 * ticket" tells it: Communication Center, 'Create a new ticket', the type, the license moved
 * with "<" into 'Set' (and back with ">"), "Product version:", the priority, the brief
 * description, the message and 'Send'; "e. HotRush checkbox" with its surcharge; the
 * cross-posting warning; the keyboard path through the license boxes; a secondary user.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type Customer, type PortalStack } from './support/portalStack';

browserSuite('creating a new ticket in the customer portal, in Chromium', () => {
  let stack: PortalStack;
  let accountId: number;
  let store: { id: number; url: string }, blog: { id: number; url: string };
  const ticketRow = async (number: number) =>
    (
      await stack.server.db.query<{ type: string; license_id: number | null; product_version: string; priority: string; hot_rush: boolean; subject: string; author: string }>(
        `SELECT t.type, t.license_id, t.product_version, t.priority, t.hot_rush, t.subject, u.email AS author FROM tickets t JOIN users u ON u.id = t.author_user_id WHERE t.number = $1 AND t.account_id = $2`,
        [number, accountId],
      )
    )[0];
  const numberFromUrl = (c: Customer) => Number(new URL(c.page.url()).pathname.split('/').at(-1));
  const focusedName = (c: Customer) => c.page.evaluate('document.activeElement && (document.activeElement.getAttribute("aria-label") || document.activeElement.id)');

  beforeAll(async () => {
    stack = await startPortalStack();
    [{ id: accountId }] = (await stack.server.db.query<{ id: number }>('SELECT account_id AS id FROM users WHERE email = $1', [demoCustomer.email])) as [{ id: number }];
    const add = async (key: string, url: string, version: string) =>
      (
        await stack.server.db.query<{ id: number; url: string }>(
          `INSERT INTO licenses (key, product, kind, product_version, url, account_id, status, created_at, updated_at)
           VALUES ($1, 'X-Cart Gold', 'main', $2, $3, $4, 'active', 0, 0) RETURNING id, url`,
          [key, version, url, accountId],
        )
      )[0]!;
    store = await add('NEWTICKET-TEST-1', 'https://store.carlas-crafts.test', '4.1.9');
    blog = await add('NEWTICKET-TEST-2', 'https://blog.carlas-crafts.test', '4.0.18');
  }, 240_000);
  afterAll(() => stack?.close());

  it('submits a new ticket as the help page walks through it, and lands on its page', async () => {
    const c = await stack.open('help-walk', demoCustomer.email);
    const { page } = c;
    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Communication center' }).click();
    await page.getByRole('heading', { level: 1, name: 'Communication center' }).waitFor();
    await page.getByRole('link', { name: 'Create a new ticket' }).click();
    await page.waitForURL(`${stack.url}/tickets/new`);
    await page.getByRole('heading', { level: 1, name: 'Create a new ticket' }).waitFor();
    const form = page.getByRole('form', { name: 'Create a new ticket' });

    await form.getByLabel('Type of your question').selectOption({ label: 'Tech support question' });
    const setBox = form.getByRole('listbox', { name: 'Set', exact: true });
    const unsetBox = form.getByRole('listbox', { name: 'Unset', exact: true });
    // Click the license URL in the right box, "<" moves it into the left 'Set' box.
    await unsetBox.getByRole('option', { name: new RegExp(store.url) }).click();
    await form.getByRole('button', { name: '<' }).click();
    await setBox.getByRole('option', { name: new RegExp(store.url) }).waitFor();
    expect(await unsetBox.getByRole('option', { name: new RegExp(store.url) }).count()).toBe(0);
    expect(await form.getByLabel('Product version:').inputValue()).toBe('4.1.9');
    // Change the selected license the same way: ">" returns it into 'Unset'.
    await setBox.getByRole('option', { name: new RegExp(store.url) }).click();
    await form.getByRole('button', { name: '>' }).click();
    await unsetBox.getByRole('option', { name: new RegExp(store.url) }).waitFor();
    expect(await setBox.getByRole('option').count()).toBe(0);
    await unsetBox.getByRole('option', { name: new RegExp(blog.url) }).click();
    await form.getByRole('button', { name: '<' }).click();
    await setBox.getByRole('option', { name: new RegExp(blog.url) }).waitFor();
    expect(await setBox.getByRole('option').count()).toBe(1);

    // "Product version:" offers the license's version; the customer sets the store's real one.
    const version = form.getByLabel('Product version:');
    expect(await version.inputValue()).toBe('4.0.18');
    await version.fill('4.0.19');
    await form.getByLabel('Priority').selectOption({ label: 'Major' });
    const priorityHint = await form.getByText('Major: the issue should be addressed asap').locator('xpath=..').textContent();
    expect(priorityHint).toContain('Normal: not that urgent, but a faster reply is preferred');
    expect(priorityHint).toContain('Minor: you agree to wait the guaranteed turnaround time - 24 hours');
    await form.getByLabel('Brief description').fill('Zephyrine banner flickers on the blog');
    await form.getByLabel('Message').fill('Since Monday the banner on our blog flickers in every browser.');
    await form.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const number = numberFromUrl(c);
    expect(await ticketRow(number)).toEqual({
      type: 'tech', license_id: blog.id, product_version: '4.0.19', priority: 'major', hot_rush: false,
      subject: 'Zephyrine banner flickers on the blog', author: demoCustomer.email,
    });
    const [msg] = await stack.server.db.query<{ body: string }>('SELECT m.body FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.number = $1', [number]);
    expect(msg!.body).toBe('Since Monday the banner on our blog flickers in every browser.');
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('shows the HotRush surcharge in support points and saves the ticket as HotRush, with its attachment', async () => {
    const [setting] = await stack.server.db.query<{ v: number | null }>(`SELECT (value->>'hotRushSurcharge')::int AS v FROM settings WHERE key = 'lifecycle'`);
    const surcharge = setting?.v ?? 5;
    const c = await stack.open('hotrush', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/tickets/new`);
    const form = page.getByRole('form', { name: 'Create a new ticket' });
    await form.getByText(`It adds ${surcharge} support points to the ticket's cost.`).waitFor();
    await form.getByLabel('Type of your question').selectOption({ label: 'Sales question' });
    await form.getByRole('checkbox', { name: 'HotRush' }).check();
    await form.getByLabel('Brief description').fill('Urgent quote for the Plutonic add-on');
    await form.getByLabel('Message').fill('We need a quote today, please.');
    await form.getByLabel('Attachments').setInputFiles({ name: 'requirements.txt', mimeType: 'text/plain', buffer: Buffer.from('one, two, three') });
    await form.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const number = numberFromUrl(c);
    expect(await ticketRow(number)).toMatchObject({ type: 'sales', hot_rush: true, license_id: null });
    const files = await stack.server.db.query<{ file_name: string; size: number }>(
      'SELECT a.file_name, a.size FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.number = $1',
      [number],
    );
    expect(files).toEqual([{ file_name: 'requirements.txt', size: 15 }]);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('names the refused field beside it', async () => {
    const c = await stack.open('errors', demoCustomer.email);
    await c.page.goto(`${stack.url}/tickets/new`);
    const form = c.page.getByRole('form', { name: 'Create a new ticket' });
    await form.getByLabel('Message').fill('A message without a description.');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText('must not be empty').waitFor();
    expect(await form.getByLabel('Brief description').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(c.page.url()).pathname).toBe('/tickets/new');
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('warns about cross-posting when an open ticket has the same subject, links it, and can send anyway', async () => {
    const token = await stack.server.login(demoCustomer.email);
    const open = await stack.server.api('POST', '/api/customer/tickets', { token, body: { type: 'tech', subject: 'Quasar gizmo checkout crashes', body: 'It crashes.' } });
    expect(open.status).toBe(201);
    const c = await stack.open('cross-posting', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/tickets/new`);
    const form = page.getByRole('form', { name: 'Create a new ticket' });
    await form.getByLabel('Brief description').fill('Checkout crashes with the quasar gizmo');
    await form.getByLabel('Message').fill('Again the checkout crashes.');
    await form.getByRole('button', { name: 'Send' }).click();
    const warning = form.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'You may already have a ticket on this subject' }) });
    await warning.waitFor();
    const link = warning.getByRole('link', { name: `#${open.body.number} Quasar gizmo checkout crashes` });
    expect(await link.getAttribute('href')).toBe(`/tickets/${open.body.number}`);
    // Nothing was sent yet.
    const before = await stack.server.db.query('SELECT 1 FROM tickets WHERE subject = $1', ['Checkout crashes with the quasar gizmo']);
    expect(before).toEqual([]);
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    expect(numberFromUrl(c)).not.toBe(open.body.number);
    expect((await ticketRow(numberFromUrl(c)))!.subject).toBe('Checkout crashes with the quasar gizmo');
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('moves a license with the keyboard alone: "<" into Set, ">" back to Unset', async () => {
    const c = await stack.open('keyboard', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/tickets/new`);
    const form = page.getByRole('form', { name: 'Create a new ticket' });
    const setBox = form.getByRole('listbox', { name: 'Set', exact: true });
    const unsetBox = form.getByRole('listbox', { name: 'Unset', exact: true });
    await unsetBox.focus();
    await page.keyboard.press('ArrowDown');
    const picked = await unsetBox.locator('option:checked').textContent();
    expect(picked).toMatch(/^https:\/\//);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedName(c)).toMatch(/^</);
    await page.keyboard.press('Enter');
    await setBox.getByRole('option', { name: String(picked), exact: true }).waitFor();
    expect(await setBox.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await focusedName(c)).toMatch(/^>/);
    await page.keyboard.press('Space');
    await unsetBox.getByRole('option', { name: String(picked), exact: true }).waitFor();
    expect(await setBox.getByRole('option').count()).toBe(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('lets a secondary user (the webmaster) create a ticket with the account\'s license and see it in the index', async () => {
    const c = await stack.open('secondary', demoSecondary.email);
    const { page } = c;
    await page.getByRole('heading', { level: 1, name: 'Communication center' }).waitFor();
    await page.getByRole('link', { name: 'Create a new ticket' }).click();
    const form = page.getByRole('form', { name: 'Create a new ticket' });
    await form.getByRole('listbox', { name: 'Unset', exact: true }).getByRole('option', { name: new RegExp(store.url) }).click();
    await form.getByRole('button', { name: '<' }).click();
    await form.getByLabel('Brief description').fill('Webmaster asks about Ostrakon image sizes');
    await form.getByLabel('Message').fill('Which image sizes does the theme expect?');
    await form.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const number = numberFromUrl(c);
    expect(await ticketRow(number)).toMatchObject({ license_id: store.id, product_version: '4.1.9', author: demoSecondary.email });
    await page.goto(`${stack.url}/tickets`);
    await page.getByRole('link', { name: `#${number}` }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
