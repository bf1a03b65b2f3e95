/**
 * A dispatcher's day by keyboard in Chromium (built console, web host, real server), issue 21:
 * costly actions show what they did and can be undone before the server sees them; Classify
 * and forward moves on to the next inbox ticket; a split names its new ticket.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { StaffConsole } from '../support/lifecycle';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';
import { startWebHost } from '../../src/main/web/webHost';
import { violations } from '../e2e/support/axe';
import { buildApp } from './support/buildApp';
import { columnHeaders, dispatcherPage, openByNumber } from './support/dispatcherPage';
import { createCustomerTicket, startConsoleStack, type ConsoleStack, type NewTicket } from './support/consoleStack';

const live = { timeout: 20_000 };

browserSuite('a dispatcher\'s workflow in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let rendererDir: string;
  let page: Page;
  let tech: number;
  let pusher: StaffConsole;
  const problems: string[] = [];

  beforeAll(async () => {
    // A long undo window: each test decides when to undo; nothing is sent before it ends.
    rendererDir = path.join(await buildApp(), 'renderer');
    stack = await startConsoleStack({ rendererDir, engine: { undoWindowMs: 60_000 } });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    [{ id: tech }] = (await stack.server.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`)) as [{ id: number }];
    pusher = new StaffConsole(stack.server, await stack.server.login('dispatcher@example.com', true));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function signedIn(): Promise<Page> {
    page ??= await dispatcherPage(browser, stack, problems);
    return page;
  }
  const serverStatus = async (t: NewTicket) => (await stack.server.ctx.db.query<{ status: string }>('SELECT status FROM tickets WHERE id = $1', [t.id]))[0]!.status;
  const toasts = (p: Page) => p.getByRole('list', { name: 'Notifications' });

  it('e closes and charges with a toast that says so; z undoes it before the server ever sees it', async () => {
    const t = await createCustomerTicket(stack.server, 'Close me by mistake');
    await pusher.do('ticket.classify', { ticketId: t.id, type: 'tech', departmentId: tech, cost: 20 });
    const p = await signedIn();
    await openByNumber(p, t.number);
    await p.locator('.ticket-badges').getByText('Open').waitFor(live);
    await p.locator('#ticket-title').click();
    await p.keyboard.press('e');
    const toast = toasts(p).getByRole('listitem').filter({ hasText: `Closed #${t.number} · 20 points charged` });
    await toast.getByRole('button', { name: /Undo/ }).waitFor(live);
    await p.locator('.ticket-badges').getByText('Closed').waitFor(live);
    expect(await violations(p), 'ticket with an undo toast').toEqual([]);
    await p.keyboard.press('z');
    await toasts(p).getByText(`Undone: Closed #${t.number} · 20 points charged`).waitFor(live);
    await p.locator('.ticket-badges').getByText('Open').waitFor(live);
    // A note is sent at once; once the server has it, it has seen all this console will send before it.
    await p.keyboard.press('n');
    const note = p.getByLabel('Internal note (staff only)');
    await expect.poll(() => note.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement), live).toBe(true);
    await note.fill('customer asked to keep it open');
    await note.press('Control+Enter');
    await expect.poll(async () => (await stack.server.ctx.db.query(`SELECT 1 FROM ticket_messages WHERE ticket_id = $1 AND kind = 'note'`, [t.id])).length, live).toBe(1);
    expect(await serverStatus(t)).toBe('open');
    expect((await stack.server.ctx.db.query('SELECT 1 FROM ledger_entries WHERE ticket_id = $1', [t.id])).length).toBe(0);
  }, 120_000);

  it('Classify and forward says where the ticket went and opens the next inbox ticket', async () => {
    const first = await createCustomerTicket(stack.server, 'Inbox ticket one');
    const second = await createCustomerTicket(stack.server, 'Inbox ticket two');
    const p = await signedIn();
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    const inbox = p.getByRole('grid', { name: 'Dispatch inbox' });
    await inbox.getByText(second.subject).waitFor(live);
    await inbox.getByText(first.subject).click();
    await p.locator('#ticket-title').getByText(`#${first.number}`).waitFor(live);
    const form = p.getByRole('form', { name: 'Ticket properties' });
    expect(await violations(p), 'new ticket with its properties').toEqual([]);
    await form.getByLabel('Department').selectOption({ label: 'Tech support' });
    await form.getByRole('button', { name: 'Classify and forward' }).click();
    await toasts(p).getByText(`Classified #${first.number} · forwarded to Tech support`).waitFor(live);
    await expect.poll(() => p.locator('#ticket-title .number').textContent(), live).not.toBe(`#${first.number}`);
  }, 120_000);

  /** The accessible name of what has the keyboard (its label). */
  const focusedLabel = (p: Page) =>
    p.evaluate(() => {
      const d = (globalThis as unknown as { document: { activeElement: { labels?: Array<{ textContent: string }>; getAttribute(n: string): string | null; tagName: string } | null } }).document;
      const el = d.activeElement;
      return el?.labels?.[0]?.textContent?.trim() ?? el?.getAttribute('aria-label') ?? el?.tagName ?? '';
    });

  it('keys for forward, priority, cost, HotRush, split, FAQ and merge; the palette acts on the ticket; ? lists them', async () => {
    const t = await createCustomerTicket(stack.server, 'Keyboard ticket about checkout');
    const other = await createCustomerTicket(stack.server, 'Older checkout question');
    await pusher.do('ticket.classify', { ticketId: t.id, type: 'tech', departmentId: tech, cost: 0 });
    await pusher.do('ticket.note', { ticketId: t.id, body: 'a second message, so the first can be split out' });
    const p = await signedIn();
    await openByNumber(p, t.number);
    await p.locator('.ticket-badges').getByText('Open').waitFor(live);
    await p.locator('#ticket-title').click();
    const press = async (key: string, label: RegExp | string) => {
      await p.keyboard.press(key);
      await expect.poll(() => focusedLabel(p), live).toMatch(label);
      await p.keyboard.press('Escape');
    };
    await press('f', /^Department/);
    await press('p', /^Priority/);
    await press('$', /^Cost in points/);
    // h turns HotRush on, with its toast; z takes it back.
    await p.keyboard.press('h');
    await toasts(p).getByText(`HotRush on for #${t.number}`).waitFor(live);
    await p.locator('.ticket-badges .hot-badge').waitFor(live);
    await p.keyboard.press('z');
    await expect.poll(() => p.locator('.ticket-badges .hot-badge').count(), live).toBe(0);
    // s opens the split form of the customer's message; Escape leaves it, Cancel closes it.
    await p.keyboard.press('s');
    const split = p.getByRole('form', { name: 'Split this message into a new ticket' });
    await split.waitFor(live);
    await split.getByRole('button', { name: 'Cancel' }).click();
    // i opens the FAQ picker in the composer.
    await p.keyboard.press('i');
    await p.getByRole('dialog', { name: 'Insert an FAQ article' }).waitFor(live);
    await p.keyboard.press('Escape');
    // m, then arrows and Enter in the results, to the confirmation.
    await p.locator('#ticket-title').click();
    await p.keyboard.press('m');
    const merge = p.getByRole('dialog', { name: `Merge #${t.number} into another ticket` });
    await merge.getByRole('option').filter({ hasText: other.subject }).waitFor(live);
    expect(await violations(p), 'merge dialog').toEqual([]);
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowUp');
    await p.keyboard.press('Enter');
    await merge.getByRole('button', { name: /^Merge into #/ }).waitFor(live);
    await p.keyboard.press('Escape');
    // The palette offers the ticket's actions: "clas" finds Classify.
    await p.keyboard.press('Control+k');
    await p.getByRole('combobox', { name: 'Command' }).fill('clas');
    await p.getByRole('option', { name: 'Classify and forward' }).waitFor(live);
    await p.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(p), live).toMatch(/^Type/);
    await p.keyboard.press('Escape');
    // ? lists the new keys, the whole table in sight.
    await p.keyboard.press('?');
    const help = p.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor(live);
    for (const does of ['Forward to a department', 'Turn HotRush on or off', 'Rate the cost in points', 'Insert an FAQ article', 'Go to the actions on the selected tickets', 'Undo the last action']) {
      await help.getByText(does, { exact: false }).first().waitFor(live);
    }
    const fits = await help.evaluate((el) => (el as unknown as { scrollHeight: number; clientHeight: number }).scrollHeight <= (el as unknown as { clientHeight: number }).clientHeight);
    expect(fits).toBe(true);
    await p.keyboard.press('Escape');
  }, 120_000);

  it('in the queue: Enter opens the ticket under the cursor after a footer button; x then b reaches the bulk bar', async () => {
    const p = await signedIn();
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    const inbox = p.getByRole('grid', { name: 'Dispatch inbox' });
    await inbox.locator('[role="row"][aria-rowindex="2"]').waitFor(live);
    await p.getByRole('contentinfo', { name: 'Sync status' }).getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => focusedLabel(p), live).toBe('Dispatch inbox');
    await p.keyboard.press('Enter');
    await p.locator('#ticket-title').waitFor(live);
    await p.keyboard.press('Escape');
    await inbox.waitFor(live);
    await p.keyboard.press('x');
    await p.keyboard.press('b');
    await expect.poll(() => focusedLabel(p), live).toBe('Assign selected to');
    await p.keyboard.press('Escape');
    await p.keyboard.press('p');
    await expect.poll(() => focusedLabel(p), live).toBe('Set priority of selected');
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    expect(problems).toEqual([]);
  }, 120_000);

  it('never cuts the turnaround, the HotRush badge or the subject at 1280 and 1920 px; the bulk bar moves no row; My tickets has no Assignee', async () => {
    const urgent = await createCustomerTicket(stack.server, 'Checkout page blank after upgrading to 4.1.9 on the new domain', { hotRush: true });
    const p = await signedIn();
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    const inbox = p.getByRole('grid', { name: 'Dispatch inbox' });
    const row = inbox.getByRole('row').filter({ hasText: urgent.subject });
    for (const width of [1280, 1920]) {
      await p.setViewportSize({ width, height: 900 });
      await row.locator('.hot-badge').waitFor(live);
      const cut = await row.evaluate((r) => {
        type El = { scrollWidth: number; clientWidth: number; className: string; textContent: string };
        const cells = [...(r as unknown as { querySelectorAll(s: string): Iterable<El> }).querySelectorAll('.subject, .hotrush-cell, .hot-badge, .turnaround-cell, .turnaround')];
        return cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => `${c.className}: "${c.textContent}" ${c.scrollWidth} > ${c.clientWidth}`);
      });
      expect(cut, `at ${width} px`).toEqual([]);
      expect(await row.locator('.turnaround').textContent()).toMatch(/overdue|left/);
    }
    await p.setViewportSize({ width: 1440, height: 900 });

    // Selecting shows the bulk bar over the grid: the grid does not move.
    const before = await inbox.boundingBox();
    await p.keyboard.press('x');
    await p.getByRole('toolbar', { name: /Actions on 1 selected/ }).waitFor(live);
    expect((await inbox.boundingBox())?.y).toBe(before?.y);
    await p.getByRole('button', { name: 'Columns' }).click();
    await p.getByRole('group', { name: 'Columns shown' }).waitFor(live);
    expect(await violations(p), 'queue with the bulk bar and the column chooser').toEqual([]);
    await p.getByRole('button', { name: 'Columns' }).click();
    await inbox.focus();
    await p.keyboard.press('Escape');
    await expect.poll(() => p.getByRole('toolbar', { name: /selected/ }).count(), live).toBe(0);

    await p.locator('.sidebar').getByRole('button', { name: /^My tickets/ }).click();
    const mine = p.getByRole('grid', { name: 'My tickets' });
    await mine.waitFor(live);
    const headers = await columnHeaders(mine);
    expect(headers).toContain('Department');
    expect(headers).not.toContain('Assignee');
    expect(problems).toEqual([]);
  }, 120_000);

  it('a web host started for a server offers it at sign-in; a billing manager has one Billing entry', async () => {
    const core = await createConsoleCore({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-web-default-')), tokenStore: memoryTokenStore(), defaultServerUrl: stack.server.url });
    const host = await startWebHost({ core, port: 0, renderer: { dir: rendererDir } });
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await p.goto(host.url);
      await expect.poll(() => p.getByLabel('Server URL').inputValue(), live).toBe(stack.server.url);
      await p.getByLabel('Email').fill('billing@example.com');
      await p.getByLabel('Password').fill('switchboard');
      await p.getByRole('button', { name: 'Sign in' }).click();
      const screens = p.locator('.sidebar');
      await screens.getByRole('button', { name: /^Billing/ }).waitFor(live);
      expect(await screens.getByRole('button', { name: /^Billing/ }).count()).toBe(1);
      expect(await violations(p), 'billing sidebar').toEqual([]);
      // The Billing department's queue sits under it, not as a second "Billing".
      await screens.getByRole('button', { name: /^Tickets in Billing/ }).click();
      await p.getByRole('grid', { name: 'Billing' }).waitFor(live);
    } finally {
      await p.close();
      await host.close();
      await core.close();
    }
  }, 120_000);
});
