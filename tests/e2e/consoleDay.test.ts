/**
 * The console end to end, in Chromium, through web hosts (one per person, as one host is one
 * session) against a real server on demo data: a dispatcher classifies and forwards a new
 * ticket; an engineer sees it arrive, claims it and replies; the customer's answer (through
 * the server's API) appears live; the engineer writes while offline and the server ends up
 * with each reply exactly once; a merge and a split; the keyboard-only path; hostile customer
 * text. Screenshots of the main screens are saved as artifacts (e2eConsole.ts).
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserSuite, chromiumPath } from '../support/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../console/support/buildApp';
import { chromiumArgs, openConsole, signIn, type E2eConsole } from './support/e2eConsole';
import { startE2eServer, type E2eServer } from './support/e2eServer';

const live = { timeout: 20_000 };

interface Created {
  id: number;
  number: number;
  subject: string;
}

browserSuite('a day at the console, in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let rendererDir: string;
  let dispatcher: E2eConsole;
  let engineer: E2eConsole;
  let customerToken: string;
  let forwarded: Created;

  async function customerTicket(subject: string, body = `Details: ${subject}`, type = 'tech'): Promise<Created> {
    const res = await server.api('POST', '/api/customer/tickets', { token: customerToken, body: { type, subject, body } });
    if (res.status !== 201) throw new Error(`creating a ticket: ${res.status} ${JSON.stringify(res.body)}`);
    const [row] = await server.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [res.body.number]);
    return { id: row!.id, number: res.body.number, subject };
  }

  async function serverTicket(id: number) {
    const [t] = await server.db.query<{ status: string; department: string | null; assignee: string | null; mergedIntoId: number | null }>(
      `SELECT t.status, d.name AS department, u.email AS assignee, t.merged_into_id AS "mergedIntoId"
         FROM tickets t LEFT JOIN departments d ON d.id = t.department_id LEFT JOIN users u ON u.id = t.assignee_id WHERE t.id = $1`,
      [id],
    );
    return t!;
  }

  const countMessages = async (ticketId: number, body: string) =>
    (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_messages WHERE ticket_id = $1 AND body = $2', [ticketId, body]))[0]!.n;

  const row = (page: Page, text: string) => page.locator('[role="row"]', { hasText: text });
  const grid = (page: Page, name: string) => page.getByRole('grid', { name });

  /**
   * Opens a ticket through the palette, once this console's own cache holds it: each console
   * syncs on its own, so a ticket another console already shows may not have reached this one.
   */
  async function openByNumber(page: Page, number: number): Promise<void> {
    const c = [dispatcher, engineer].find((x) => x.page === page)!;
    await expect.poll(() => c.core.call('ticket.byNumber', { number }), live).not.toBeNull();
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill(`#${number}`);
    await page.keyboard.press('Enter');
    await page.locator('#ticket-title', { hasText: `#${number}` }).waitFor(live);
  }

  beforeAll(async () => {
    const [outDir, s] = await Promise.all([buildApp(), startE2eServer({ tickets: 300 })]);
    rendererDir = path.join(outDir, 'renderer');
    server = s;
    customerToken = await server.login('customer@example.com');
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    dispatcher = await openConsole(browser, 'dispatcher', rendererDir);
    engineer = await openConsole(browser, 'engineer', rendererDir);
  }, 240_000);

  afterAll(async () => {
    await dispatcher?.close();
    await engineer?.close();
    await browser?.close();
    await server?.close();
  });

  it('signs the dispatcher in through the form, with clear errors and the first sync', async () => {
    const { page } = dispatcher;
    await page.getByRole('button', { name: 'Sign in' }).waitFor(live);
    await dispatcher.screenshot('01-sign-in');
    await signIn(dispatcher, 'http://127.0.0.1:1', 'dispatcher@example.com');
    await expect.poll(() => page.getByRole('alert').textContent(), live).toContain('cannot be reached');
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), live).toContain('Wrong email or password');
    await page.getByLabel('Password').fill('switchboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The first sync's screen, then the inbox (whichever the timing lets us see).
    await page.locator('.first-sync, [role="grid"]').first().waitFor(live);
    if (await page.locator('.first-sync').count()) await dispatcher.screenshot('02-first-sync');
    await grid(page, 'Dispatch inbox').waitFor(live);
    await expect.poll(() => page.getByRole('button', { name: /^Dispatch inbox/ }).textContent()).toMatch(/\d+/);
  });

  it('signs the engineer in on a second console and opens the Tech support queue', async () => {
    await signIn(engineer, server.url, 'engineer@example.com');
    const { page } = engineer;
    await page.getByRole('button', { name: /^Tech support/ }).click(live);
    await grid(page, 'Tech support').waitFor(live);
  });

  it('shows a new ticket live; the dispatcher classifies, rates and forwards it in one step', async () => {
    forwarded = await customerTicket('Shipping rates vanish at checkout after upgrade', 'After the upgrade to 4.1.9 the shipping rates are gone at checkout.', 'sales');
    const { page } = dispatcher;
    await row(page, forwarded.subject).waitFor(live);
    await dispatcher.screenshot('03-queue-dispatcher');
    await row(page, forwarded.subject).click();
    await page.locator('#ticket-title', { hasText: forwarded.subject }).waitFor(live);
    const props = page.getByRole('form', { name: 'Ticket properties' });
    await props.getByLabel('Type').selectOption({ label: 'Tech' });
    await props.getByLabel('Department').selectOption({ label: 'Tech support' });
    await props.getByLabel('Priority').selectOption({ label: 'Major' });
    await props.getByLabel('Cost in points (0 = free)').fill('3');
    await props.getByRole('button', { name: 'Classify and forward' }).click();
    // Said where it went, and on to the next inbox ticket (or back to the inbox after the last); then confirmed by the server.
    await page.getByRole('list', { name: 'Notifications' }).getByText(`Classified #${forwarded.number} · forwarded to Tech support`).waitFor(live);
    await expect.poll(() => page.locator('#ticket-title', { hasText: forwarded.subject }).count(), live).toBe(0);
    await expect.poll(async () => (await serverTicket(forwarded.id)).department, live).toBe('Tech support');
    expect(await serverTicket(forwarded.id)).toMatchObject({ status: 'open', department: 'Tech support' });
    await page.keyboard.press('Escape');
    await grid(page, 'Dispatch inbox').waitFor(live);
    await expect.poll(() => row(page, forwarded.subject).count(), live).toBe(0);
  });

  it('lets the engineer see it arrive, claim it and reply, with the dispatcher shown as also viewing', async () => {
    const { page } = engineer;
    await row(page, forwarded.subject).waitFor(live);
    await row(page, forwarded.subject).click();
    await page.locator('#ticket-title', { hasText: forwarded.subject }).waitFor(live);
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.locator('.ticket-badges', { hasText: 'Assigned to Eric Engineer' }).waitFor(live);
    await openByNumber(dispatcher.page, forwarded.number);
    await page.getByText('Dana Dispatcher is also viewing this ticket.').waitFor(live);
    await page.getByLabel('Reply to the customer').fill('Thanks! The shipping module needs its new API key: Settings → Shipping → **API key**.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.message-staff', { hasText: 'needs its new API key' }).waitFor(live);
    await expect.poll(() => countMessages(forwarded.id, 'Thanks! The shipping module needs its new API key: Settings → Shipping → **API key**.'), live).toBe(1);
    expect(await serverTicket(forwarded.id)).toMatchObject({ status: 'answered', assignee: 'engineer@example.com' });
    await dispatcher.page.keyboard.press('Escape');
  });

  it('shows the customer’s answer live, and warns before a reply that crossed it', async () => {
    const { page } = engineer;
    await page.getByLabel('Reply to the customer').fill('One more thing to check');
    const answer = await server.api('POST', `/api/customer/tickets/${forwarded.number}/messages`, {
      token: customerToken,
      body: { body: 'That fixed it for UPS, but FedEx rates are still missing.' },
    });
    expect(answer.status).toBe(200);
    await page.locator('.message-customer', { hasText: 'FedEx rates are still missing' }).waitFor(live);
    await engineer.screenshot('04-ticket-engineer');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const warning = page.getByRole('alertdialog', { name: 'Someone else wrote meanwhile' });
    await warning.waitFor(live);
    expect(await warning.textContent()).toContain('FedEx rates are still missing');
    await warning.getByRole('button', { name: 'Review first' }).click();
    await page.getByLabel('Reply to the customer').fill('');
  });

  it('keeps working offline: two replies wait, and the server gets each once when it is back', async () => {
    const { page } = engineer;
    await server.stop();
    await page.getByText('Offline: working from this computer’s copy').waitFor(live);
    const first = 'Offline reply one: FedEx needs its account number too.';
    const second = 'Offline reply two: and the meter number, under Settings → Shipping.';
    for (const body of [first, second]) {
      await page.getByLabel('Reply to the customer').fill(body);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.locator('.message.pending', { hasText: body }).waitFor(live);
    }
    await page.getByText('2 changes waiting to send').waitFor(live);
    expect(await page.locator('.message.pending').first().textContent()).toContain('Waiting to send (offline)');
    await engineer.screenshot('05-offline-pending');
    await server.restart();
    await page.getByText('All changes sent').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.message.pending').count(), live).toBe(0);
    expect(await countMessages(forwarded.id, first)).toBe(1);
    expect(await countMessages(forwarded.id, second)).toBe(1);
  });

  it('reveals access info only on a click, says the reveal is logged, and the server logs it', async () => {
    const posted = await server.api('POST', `/api/customer/tickets/${forwarded.number}/access-info`, {
      token: customerToken,
      body: { text: 'FTP: ftp.carla.example user carla pass <b>s3cret</b>' },
    });
    expect(posted.status).toBeLessThan(300);
    const { page } = engineer;
    const section = page.getByRole('region', { name: 'Access info' });
    // The button shows once the console has the ticket's new hasAccessInfo (synced live).
    await section.getByRole('button', { name: 'Reveal access info' }).waitFor(live);
    expect(await section.textContent()).toContain('Each reveal is written to the audit log');
    expect(await section.textContent()).not.toContain('s3cret');
    await section.getByRole('button', { name: 'Reveal access info' }).click();
    await section.getByText('FTP: ftp.carla.example user carla pass <b>s3cret</b>').waitFor(live);
    expect(await section.locator('b').count()).toBe(0);
    const logged = await server.db.query(`SELECT 1 FROM audit_log WHERE action = 'access_info.reveal' AND entity_id = $1`, [forwarded.id]);
    expect(logged.length).toBe(1);
    await section.getByRole('button', { name: 'Hide' }).click();
    expect(await section.textContent()).not.toContain('s3cret');
  });

  it('shows a refused action with its reason, a retry and a dismiss', async () => {
    // Both claim the same ticket while the server is away: whoever is second is refused.
    const contested = await customerTicket('Contested: product images do not upload');
    await openByNumber(engineer.page, contested.number);
    await openByNumber(dispatcher.page, contested.number);
    await server.stop();
    for (const c of [dispatcher, engineer]) {
      await c.page.getByText('Offline: working from this computer’s copy').waitFor(live);
      await c.page.getByRole('button', { name: 'Claim', exact: true }).click();
    }
    await server.restart();
    for (const c of [dispatcher, engineer]) await c.page.getByText('All changes sent').waitFor({ timeout: 30_000 });
    const refused = (c: E2eConsole) => c.page.locator('.ticket-main .failed-actions', { hasText: 'Claim was refused' });
    await expect.poll(async () => (await refused(dispatcher).count()) + (await refused(engineer).count()), live).toBe(1);
    const loser = (await refused(dispatcher).count()) ? dispatcher : engineer;
    const alert = refused(loser);
    await loser.page.locator('.toast', { hasText: `Claim on #${contested.number} was refused` }).waitFor(live);
    expect(await alert.textContent()).toMatch(/already assigned to someone else/);
    await loser.page.getByRole('button', { name: '1 refused' }).waitFor(live);
    await loser.screenshot('05b-refused-action');
    expect(await alert.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => alert.count(), live).toBe(0);
    await expect.poll(() => loser.page.getByRole('button', { name: '1 refused' }).count(), live).toBe(0);
    for (const c of [dispatcher, engineer]) await c.page.keyboard.press('Escape');
  });

  it('merges a cross-posted ticket and splits an unrelated message out', async () => {
    const a = await customerTicket('Invoice PDF shows the wrong VAT number', 'Our invoices print the old VAT number.');
    const b = await customerTicket('Wrong VAT number on invoices (again)', 'The VAT number on invoices is still the old one.');
    const { page } = dispatcher;
    await openByNumber(page, a.number);
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = page.getByRole('dialog', { name: `Merge #${a.number} into another ticket` });
    await dialog.getByLabel('Ticket number or words of its subject').fill(`#${b.number}`);
    await dialog.getByRole('option', { name: new RegExp(`#${b.number}`) }).click();
    await dialog.getByRole('button', { name: `Merge into #${b.number}` }).click();
    await page.locator('#ticket-title', { hasText: `#${b.number}` }).waitFor(live);
    await expect.poll(async () => (await serverTicket(a.id)).mergedIntoId, live).toBe(b.id);
    expect((await serverTicket(a.id)).status).toBe('closed');
    // A's message arrives in B's conversation; split B's own message out again.
    await page.locator('.message-customer', { hasText: 'print the old VAT number' }).waitFor(live);
    const own = page.locator('.message-customer', { hasText: 'still the old one' });
    await own.getByRole('button', { name: 'Split out…' }).click();
    await own.getByLabel('Subject of the new ticket').fill('VAT number still old after the first fix');
    await own.getByRole('button', { name: 'Split into new ticket' }).click();
    await expect
      .poll(async () => (await server.db.query('SELECT 1 FROM tickets WHERE split_from_id = $1 AND subject = $2', [b.id, 'VAT number still old after the first fix'])).length, live)
      .toBe(1);
  });

  it('keeps a draft across a restart of the window, and inserts FAQ articles', async () => {
    const { page } = dispatcher;
    await openByNumber(page, forwarded.number);
    await page.getByRole('tab', { name: /Internal note/ }).click();
    await page.getByLabel('Internal note (staff only)').fill('Half-written note: check the FedEx meter');
    await page.reload();
    await grid(page, 'Dispatch inbox').waitFor(live);
    await openByNumber(page, forwarded.number);
    await page.getByRole('tab', { name: /Internal note/ }).click();
    expect(await page.getByLabel('Internal note (staff only)').inputValue()).toBe('Half-written note: check the FedEx meter');
    await page.getByRole('button', { name: 'Insert FAQ article' }).click();
    await page.getByLabel('Search FAQ articles').fill('life cycle');
    const first = page.getByRole('option').first();
    await first.waitFor(live);
    const title = (await first.locator('strong').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Internal note (staff only)').inputValue()).not.toBe('Half-written note: check the FedEx meter');
    const text = await page.getByLabel('Internal note (staff only)').inputValue();
    expect(text.startsWith('Half-written note: check the FedEx meter\n\n')).toBe(true);
    expect(title.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.message-note', { hasText: 'Half-written note' }).waitFor(live);
    await page.keyboard.press('Escape');
  });

  it('works a queue with the keyboard alone', async () => {
    const k = await customerTicket('Keyboard path: coupon codes rejected');
    const { page } = dispatcher;
    // Back to the inbox through the palette.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('inbox');
    await page.keyboard.press('Enter');
    const inbox = grid(page, 'Dispatch inbox');
    await row(page, k.subject).waitFor(live);
    // j moves the cursor down to the new ticket.
    const active = () => inbox.getAttribute('aria-activedescendant');
    for (let i = 0; i < 100 && (await active()) !== `ticket-row-${k.id}`; i++) await page.keyboard.press('j');
    expect(await active()).toBe(`ticket-row-${k.id}`);
    await page.keyboard.press('k');
    expect(await active()).not.toBe(`ticket-row-${k.id}`);
    await page.keyboard.press('j');
    // x selects it, Escape clears the selection, x again.
    await page.keyboard.press('x');
    await expect.poll(() => page.locator(`#ticket-row-${k.id}`).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('toolbar', { name: 'Actions on 1 selected tickets' }).waitFor(live);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(`#ticket-row-${k.id}`).getAttribute('aria-selected')).toBe('false');
    // Enter opens it, c goes to the classification, Escape leaves the field, Escape goes back.
    await page.keyboard.press('Enter');
    await page.locator('#ticket-title', { hasText: k.subject }).waitFor(live);
    await page.keyboard.press('c');
    await expect.poll(() => page.evaluate(`document.activeElement?.closest('label')?.textContent?.startsWith('Type') ?? false`)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await inbox.waitFor(live);
    // ? lists every shortcut.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor(live);
    for (const key of ['j', 'k', 'Enter', 'x', 'r', 'n', 'e', 'a', 'c', '/', '?', 'Ctrl+K']) expect(await help.locator('kbd', { hasText: new RegExp(`^${key.replace(/[?+/]/g, '\\$&')}$`) }).count(), key).toBeGreaterThan(0);
    await dispatcher.screenshot('06-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    // r opens the ticket under the cursor with the reply box focused; Escape twice back to the queue.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('Reply to the customer');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await inbox.waitFor(live);
    // e closes the ticket under the cursor.
    await page.keyboard.press('e');
    await expect.poll(async () => (await serverTicket(k.id)).status, live).toBe('closed');
    // / searches; Enter opens the first hit.
    await page.keyboard.press('/');
    await page.keyboard.type('coupon codes rejected');
    await page.locator('.search-results mark').first().waitFor(live);
    await dispatcher.screenshot('07-search');
    await page.keyboard.press('Enter');
    await page.locator('#ticket-title', { hasText: k.subject }).waitFor(live);
  });

  it('sorts and filters a queue, and keeps both for the user after a reload', async () => {
    const { page } = dispatcher;
    await page.getByRole('button', { name: /^All tickets/ }).click();
    const all = grid(page, 'All tickets');
    const filters = page.getByRole('group', { name: 'Filters and sort' });
    await all.waitFor(live);
    // The grid spans the whole view: dragged to the end, it reads only the last page and shows the view's last ticket.
    const allCount = (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE type <> 'log'`))[0]!.n;
    await expect(all.getAttribute('aria-rowcount')).resolves.toBe(String(allCount + 1));
    await all.locator('.queue-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await all.locator(`[role="row"][aria-rowindex="${allCount + 1}"]:not(.loading-row)`).waitFor(live);
    await all.locator('.queue-scroll').evaluate((el) => el.scrollTo(0, 0));
    await filters.getByRole('button', { name: /^Sort:/ }).click();
    await filters.getByRole('radio', { name: 'Newest first' }).check();
    await page.keyboard.press('Escape');
    const numbers = async () => (await all.locator('.queue-row:not(.head) .number').allTextContents()).slice(0, 5).map((n) => Number(n.slice(1)));
    await expect.poll(async () => (await numbers())[0], live).toBe(Math.max(...(await server.db.query<{ n: number }>('SELECT max(number)::int AS n FROM tickets WHERE type <> $1', ['log'])).map((r) => r.n)));
    const firstFive = await numbers();
    expect([...firstFive].sort((a, b) => b - a)).toEqual(firstFive);
    // Several values at once: Closed or Pre-closed.
    await filters.getByRole('button', { name: 'Status: Any status' }).click();
    await filters.getByRole('checkbox', { name: 'Closed', exact: true }).check();
    await filters.getByRole('checkbox', { name: 'Pre-closed', exact: true }).check();
    const statusesShown = async () => new Set(await all.locator('.queue-row:not(.head) .status').allTextContents());
    await expect.poll(async () => [...(await statusesShown())].every((s) => s === 'Closed' || s === 'Pre-closed'), live).toBe(true);
    await page.reload();
    await all.waitFor(live);
    await filters.getByRole('button', { name: 'Sort: Newest first' }).waitFor(live);
    await filters.getByRole('button', { name: /^Status: (Pre-closed or Closed|Closed or Pre-closed)$/ }).waitFor(live);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByRole('button', { name: /^Sort:/ }).click();
    await filters.getByRole('radio', { name: 'Queue order' }).check();
    await page.keyboard.press('Escape');
  });

  it('shows hostile customer text as text, wrapped inside the conversation', async () => {
    const hostile = await customerTicket(
      '<img src=x onerror="document.title=\'pwned\'"> urgent',
      [
        '<script>document.title = "pwned"</script>',
        '<img src=x onerror="document.title=\'pwned\'">',
        '[click for a discount](javascript:document.title="pwned")',
        'X'.repeat(3000),
        `https://example.com/${'y'.repeat(2000)}`,
      ].join('\n\n'),
    );
    const { page } = dispatcher;
    await openByNumber(page, hostile.number);
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('<script>document.title = "pwned"</script>').waitFor(live);
    expect(await page.locator('.ticket-screen img, .ticket-screen script').count()).toBe(0);
    expect(await conversation.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await conversation.getByText('click for a discount').count()).toBe(1);
    expect(await page.title()).toBe('Switchboard');
    const overflow = await page.locator('.ticket-main').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });

  it('shows the dashboard and the engineer’s queue in the dark theme', async () => {
    const { page } = dispatcher;
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Oldest new ticket' }).waitFor(live);
    expect(await page.locator('.chart').count()).toBe(4);
    await dispatcher.screenshot('08-dashboard');
    const e = engineer.page;
    await e.keyboard.press('Escape');
    await e.getByRole('button', { name: /theme; switch theme/ }).click();
    await e.getByRole('button', { name: /theme; switch theme/ }).click();
    await expect.poll(() => e.evaluate(`document.documentElement.dataset.theme`)).toBe('dark');
    await grid(e, 'Tech support').waitFor(live);
    await engineer.screenshot('09-queue-engineer-dark');
  });

  it('raised no page errors and no console errors (CSP violations included), and no stale notifications', async () => {
    expect([...dispatcher.problems, ...engineer.problems]).toEqual([]);
    // Nothing was assigned to the engineer by someone else: the first sync must not call out old tickets.
    expect(await engineer.page.locator('.toast', { hasText: 'assigned to you' }).count()).toBe(0);
  });
});
