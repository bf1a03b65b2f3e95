/**
 * Undo and what a ticket shows, in Chromium (built console, web host, real server), issue 21:
 * the billing manager's verify and approve with a real undo window (one undone before the
 * server sees it, one left to apply after it); a bulk change is one toast whose one Undo
 * cancels all of it; a merge undone; a hidden queue column still hidden after a reload; the
 * "stay on the ticket" preference after Classify and forward; "Reveal access info" only on a
 * ticket with access info, appearing live when the customer posts it.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { violations } from '../e2e/support/axe';
import { buildApp } from './support/buildApp';
import { columnHeaders, dispatcherPage, openByNumber, reloadConsole, staffPage } from './support/dispatcherPage';
import { createCustomerTicket, paidOrder, startConsole, startConsoleStack, type ConsoleStack, type NewTicket } from './support/consoleStack';

const live = { timeout: 20_000 };
/** The billing console's undo window: long enough to press z, short enough to wait out. */
const billingUndoMs = 6_000;

browserSuite('undo and the ticket view in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let rendererDir: string;
  let page: Page;
  let tech: number;
  const problems: string[] = [];
  const others: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    rendererDir = path.join(await buildApp(), 'renderer');
    // The dispatcher's console holds undoable actions for a minute: each test undoes them or lets them wait.
    stack = await startConsoleStack({ rendererDir, engine: { undoWindowMs: 60_000 } });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    [{ id: tech }] = (await stack.server.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`)) as [{ id: number }];
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    for (const o of others) await o.close();
    await stack?.close();
  });

  async function signedIn(): Promise<Page> {
    page ??= await dispatcherPage(browser, stack, problems);
    return page;
  }
  /** A page of another person's console on the same server. */
  async function otherConsole(email: string, undoWindowMs: number): Promise<Page> {
    const c = await startConsole(stack.server, { rendererDir, engine: { undoWindowMs } });
    others.push(c);
    return staffPage(browser, c, email, problems, { viewport: { width: 1440, height: 900 } });
  }
  const toasts = (p: Page) => p.getByRole('list', { name: 'Notifications' });
  const db = <T>(text: string, params: unknown[]) => stack.server.ctx.db.query<T>(text, params);
  const serverTicket = async (t: NewTicket) =>
    (await db<{ status: string; priority: string; mergedIntoId: number | null }>('SELECT status, priority, merged_into_id AS "mergedIntoId" FROM tickets WHERE id = $1', [t.id]))[0]!;
  /** The ticket as the dispatcher's console shows it (its cache, effects included). */
  const shown = async (t: NewTicket) => (await stack.core.call('ticket.detail', { ticketId: t.id })).ticket;
  /**
   * A note from the dispatcher's console, sent at once; once the server has it, the server has
   * seen everything this console would send before it (the server takes them in order).
   */
  async function noteReachesServer(t: NewTicket, body: string): Promise<void> {
    await stack.core.call('ticket.note', { ticketId: t.id, body });
    await expect.poll(async () => (await db(`SELECT 1 FROM ticket_messages WHERE ticket_id = $1 AND kind = 'note' AND body = $2`, [t.id, body])).length, live).toBe(1);
  }

  it('a bulk priority change is one toast with one Undo, which takes back all of it before the server sees any', async () => {
    const tickets = [await createCustomerTicket(stack.server, 'Bulk one'), await createCustomerTicket(stack.server, 'Bulk two'), await createCustomerTicket(stack.server, 'Bulk three')];
    const p = await signedIn();
    const inbox = p.getByRole('grid', { name: 'Dispatch inbox' });
    for (const t of tickets) await inbox.getByRole('checkbox', { name: `Select #${t.number}` }).click(live);
    const bar = p.getByRole('toolbar', { name: 'Actions on 3 selected tickets' });
    await bar.getByLabel('Set priority of selected').selectOption('major');
    const toast = toasts(p).getByRole('listitem').filter({ hasText: 'Set priority · 3 tickets' });
    await toast.waitFor(live);
    expect(await toasts(p).getByRole('button', { name: /^Undo/ }).count()).toBe(1);
    for (const t of tickets) expect((await shown(t)).priority).toBe('major');
    await toast.getByRole('button', { name: /^Undo/ }).click();
    await toasts(p).getByText('Undone: Set priority · 3 tickets').waitFor(live);
    for (const t of tickets) expect((await shown(t)).priority).toBe('normal');
    await inbox.getByRole('row').filter({ hasText: 'Bulk three' }).getByText('Normal').waitFor(live);
    await noteReachesServer(tickets[0]!, 'bulk undone');
    for (const t of tickets) expect((await serverTicket(t)).priority).toBe('normal');
    await expect.poll(async () => (await stack.core.call('sync.status', {})).outboxCount, live).toBe(0);
  }, 120_000);

  it('a merge undone: the ticket is back as it was, and the server never merged it', async () => {
    const from = await createCustomerTicket(stack.server, 'Merge me by mistake');
    const into = await createCustomerTicket(stack.server, 'The ticket it is not about');
    const p = await signedIn();
    await openByNumber(p, from.number);
    await p.locator('#ticket-title').click();
    await p.keyboard.press('m');
    const merge = p.getByRole('dialog', { name: `Merge #${from.number} into another ticket` });
    await merge.getByRole('combobox').fill(`#${into.number}`);
    await merge.getByRole('option').filter({ hasText: into.subject }).click(live);
    await merge.getByRole('button', { name: `Merge into #${into.number}` }).click();
    const toast = toasts(p).getByRole('listitem').filter({ hasText: `Merged #${from.number} into #${into.number}` });
    await toast.waitFor(live);
    expect(await shown(from)).toMatchObject({ mergedIntoId: into.id, status: 'closed' });
    await toast.getByRole('button', { name: /^Undo/ }).click();
    await toasts(p).getByText(`Undone: Merged #${from.number} into #${into.number}`).waitFor(live);
    expect(await shown(from)).toMatchObject({ mergedIntoId: null, status: 'new' });
    await openByNumber(p, from.number);
    expect(await p.locator('.ticket-links').count()).toBe(0);
    await noteReachesServer(from, 'merge undone');
    expect(await serverTicket(from)).toMatchObject({ mergedIntoId: null, status: 'new' });
    expect((await db('SELECT 1 FROM ticket_messages WHERE ticket_id = $1', [into.id])).length).toBe(1);
  }, 120_000);

  it('a queue column hidden stays hidden after a reload', async () => {
    const p = await signedIn();
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    const inbox = p.getByRole('grid', { name: 'Dispatch inbox' });
    const headers = () => columnHeaders(inbox);
    await inbox.getByRole('columnheader', { name: 'Type' }).waitFor(live);
    await p.getByRole('button', { name: 'Columns' }).click();
    await p.getByRole('group', { name: 'Columns shown' }).getByLabel('Type').uncheck();
    await expect.poll(headers, live).not.toContain('Type');
    expect(await headers()).toContain('Department');
    await reloadConsole(p);
    await p.getByRole('grid', { name: 'Dispatch inbox' }).getByRole('columnheader', { name: 'Department' }).waitFor(live);
    expect(await headers()).not.toContain('Type');
    // And back: shown again, also after the next reload.
    await p.getByRole('button', { name: 'Columns' }).click();
    await p.getByRole('group', { name: 'Columns shown' }).getByLabel('Type').check();
    await expect.poll(headers, live).toContain('Type');
    await p.getByRole('button', { name: 'Columns' }).click();
    expect(problems).toEqual([]);
  }, 120_000);

  it('with "Then open the next inbox ticket" off, Classify and forward stays on the ticket, also after a reload', async () => {
    const first = await createCustomerTicket(stack.server, 'Stay on me');
    const second = await createCustomerTicket(stack.server, 'Stay on me too');
    const p = await signedIn();
    await openByNumber(p, first.number);
    const form = p.getByRole('form', { name: 'Ticket properties' });
    await form.getByLabel('Then open the next inbox ticket').uncheck();
    await form.getByLabel('Department').selectOption({ label: 'Tech support' });
    await form.getByRole('button', { name: 'Classify and forward' }).click();
    await toasts(p).getByText(`Classified #${first.number} · forwarded to Tech support`).waitFor(live);
    // The form shows the classified ticket (no longer new): the submit has finished, and the view stayed.
    await form.getByRole('button', { name: 'Save changes' }).waitFor(live);
    expect(await p.locator('#ticket-title .number').textContent()).toBe(`#${first.number}`);
    expect((await shown(first)).departmentId).toBe(tech);
    // The preference is kept: after a reload the next new ticket's box is unticked.
    await reloadConsole(p);
    await openByNumber(p, second.number);
    expect(await p.getByRole('form', { name: 'Ticket properties' }).getByLabel('Then open the next inbox ticket').isChecked()).toBe(false);
    expect(problems).toEqual([]);
  }, 120_000);

  it('the billing manager: a verify undone never reaches the server; an approval left alone is sent once its window has passed', async () => {
    const server = stack.server;
    const customer = await server.login('customer@example.com');
    const [{ accountId }] = (await db<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE email = $1', ['customer@example.com'])) as [{ accountId: number }];
    const orderId = await paidOrder(server, { accountId, customerToken: customer, items: [{ type: 'support_points', points: 50, priceCents: 27500 }], amountCents: 27500, clientId: 'undo-chromium-order' });
    const [license] = await db<{ id: number }>(
      `INSERT INTO licenses (key, product, kind, edition, product_version, url, account_id, status, certificate, created_at, updated_at)
       VALUES ('UNDO-0001', 'X-Cart', 'main', 'Gold', '4.1.9', 'https://shop.example/', $1, 'active', '', $2, $2) RETURNING id`,
      [accountId, server.clock.now()],
    );
    const requested = await server.api('POST', `/api/customer/licenses/${license!.id}/transfer`, {
      token: customer, body: { targetUrl: 'https://buyer.example/', targetCompany: 'Buyer Ltd', targetEmail: 'owner@buyer.example' },
    });
    expect(requested.status).toBe(200);
    const transferId = requested.body.transferId as number;
    const orderStatus = async () => (await db<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]))[0]!.status;
    const transferStatus = async () => (await db<{ status: string }>('SELECT status FROM license_transfers WHERE id = $1', [transferId]))[0]!.status;

    const p = await otherConsole('billing@example.com', billingUndoMs);
    await p.locator('.sidebar-screens').getByRole('button', { name: /^Billing/ }).click(live);
    const orders = p.getByRole('table', { name: 'Pending orders' });
    await orders.locator('tbody tr', { hasText: `#${orderId}` }).waitFor(live);
    // The cursor onto the order (the queue is oldest first), then v verifies it, and z takes it back.
    for (let i = 0; i < 50 && !((await orders.locator('tbody tr[aria-selected="true"]').textContent()) ?? '').includes(`#${orderId}`); i++) await p.keyboard.press('j');
    await p.keyboard.press('v');
    const verified = toasts(p).getByRole('listitem').filter({ hasText: `Verified order ${orderId}` });
    await verified.getByRole('button', { name: /^Undo/ }).waitFor(live);
    expect(await violations(p), 'billing queue with an undo toast').toEqual([]);
    await p.keyboard.press('z');
    await toasts(p).getByText(`Undone: Verified order ${orderId}`).waitFor(live);
    await orders.locator('tbody tr', { hasText: `#${orderId}` }).filter({ hasNotText: '(verified)' }).waitFor(live);

    // The transfer: approved with v and left alone.
    await p.keyboard.press('2');
    const transfers = p.getByRole('table', { name: 'Transfer requests' });
    await transfers.locator('tbody tr', { hasText: `#${transferId}` }).waitFor(live);
    for (let i = 0; i < 50 && !((await transfers.locator('tbody tr[aria-selected="true"]').textContent()) ?? '').includes(`#${transferId}`); i++) await p.keyboard.press('j');
    const approvedAt = Date.now();
    await p.keyboard.press('v');
    await toasts(p).getByRole('listitem').filter({ hasText: `Approved license transfer ${transferId}` }).getByRole('button', { name: /^Undo/ }).waitFor(live);
    expect(await transferStatus()).toBe('pending');
    // Sent once the window has passed: the server approves it, and its toast is gone (too late to undo).
    await expect.poll(transferStatus, { timeout: billingUndoMs + 20_000 }).toBe('approved');
    expect(Date.now() - approvedAt).toBeGreaterThanOrEqual(billingUndoMs);
    await toasts(p).getByRole('listitem').filter({ hasText: `Approved license transfer ${transferId}` }).waitFor({ state: 'detached', ...live });
    // The verify undone before it was never sent, though it was queued first.
    expect(await orderStatus()).toBe('pending');
    expect((await db('SELECT 1 FROM ledger_entries WHERE order_id = $1', [orderId])).length).toBe(0);
    expect(problems).toEqual([]);
  }, 180_000);

  it('"Reveal access info" shows only on a ticket with access info, and appears live when the customer posts some', async () => {
    const t = await createCustomerTicket(stack.server, 'Shop down, access info follows');
    const p = await otherConsole('admin@example.com', 0);
    await openByNumber(p, t.number);
    const panel = p.getByRole('region', { name: 'Access info' });
    await panel.getByText('No access info posted.').waitFor(live);
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await violations(p), 'ticket without access info').toEqual([]);
    const customer = await stack.server.login('customer@example.com');
    const posted = await stack.server.api('POST', `/api/customer/tickets/${t.number}/access-info`, { token: customer, body: { text: 'ssh shop@203.0.113.7 pw=correct-horse' } });
    expect(posted.status).toBe(201);
    await panel.getByRole('button', { name: 'Reveal access info' }).click(live);
    await panel.getByText('ssh shop@203.0.113.7 pw=correct-horse').waitFor(live);
    expect(problems).toEqual([]);
  }, 120_000);
});
