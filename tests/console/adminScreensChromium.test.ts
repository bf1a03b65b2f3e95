/**
 * The admin's Departments and Audit screens in Chromium (the built console through the web
 * host, a real server): create, rename, archive refused while a ticket is open there (saying
 * how many), then archived once it moved; the audit log filtered by person, action and
 * account, and its CSV export's content.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditCsvColumns } from '../../src/shared/api/staffAdmin';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { buildApp } from './support/buildApp';
import { createCustomerTicket, startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { openScreen, staffPage } from './support/dispatcherPage';

browserSuite('the Departments and Audit screens in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let pushes = 0;
  const live = { timeout: 20_000 };

  beforeAll(async () => {
    const appDir = await buildApp();
    stack = await startConsoleStack({ rendererDir: path.join(appDir, 'renderer') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function adminPush(name: string, args: unknown) {
    const token = await stack.server.login('admin@example.com');
    const res = await stack.server.api('POST', '/api/sync/push', { token, body: { clientId: `admin-screens-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.body.results[0], JSON.stringify(res.body)).toMatchObject({ status: 'applied' });
  }

  it('Departments: create, rename, archive refused with the count of open tickets, archived after the ticket moved', async () => {
    const server = stack.server;
    const problems: string[] = [];
    const page = await staffPage(browser, stack, 'admin@example.com', problems);
    await openScreen(page, 'departments', /Departments/);
    const table = page.getByRole('table', { name: 'Departments' });
    await table.getByText('Tech support').waitFor(live);

    await page.keyboard.press('n');
    await page.getByRole('form', { name: 'New department' }).getByLabel('New department').fill('Field service');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const row = () => table.getByRole('row').filter({ hasText: /Field service/ });
    await row().waitFor(live);
    const [{ id }] = (await server.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Field service'`)) as [{ id: number }];

    await row().getByRole('button', { name: 'Rename…' }).click();
    const rename = page.getByRole('form', { name: 'New name for Field service' });
    await rename.getByLabel('New name for Field service').fill('Field visits');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await table.getByRole('row').filter({ hasText: 'Field visits' }).waitFor(live);
    expect((await server.ctx.db.query<{ name: string }>('SELECT name FROM departments WHERE id = $1', [id]))[0]!.name).toBe('Field visits');

    // A ticket open there: archiving is refused, saying how many.
    const ticket = await createCustomerTicket(server, 'On-site visit needed', { type: 'tech' });
    await adminPush('ticket.forward', { ticketId: ticket.id, departmentId: id });
    const visits = table.getByRole('row').filter({ hasText: 'Field visits' });
    page.once('dialog', (d) => void d.accept());
    await visits.getByRole('button', { name: 'Archive' }).click();
    await page.getByText(/still has 1 open ticket/).first().waitFor(live);
    // The list, read again after the refused push, counts it too.
    await expect.poll(() => visits.getByRole('cell').nth(1).textContent(), live).toBe('1');
    expect((await server.ctx.db.query<{ archivedAt: number | null }>('SELECT archived_at AS "archivedAt" FROM departments WHERE id = $1', [id]))[0]!.archivedAt).toBeNull();

    // Moved elsewhere, it archives.
    const [tech] = await server.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);
    await adminPush('ticket.forward', { ticketId: ticket.id, departmentId: tech!.id });
    page.once('dialog', (d) => void d.accept());
    await visits.getByRole('button', { name: 'Archive' }).click();
    await visits.getByText(/^Archived/).waitFor(live);
    expect(await visits.getByRole('button', { name: 'Archive' }).count()).toBe(0);
    expect((await server.ctx.db.query<{ archivedAt: number | null }>('SELECT archived_at AS "archivedAt" FROM departments WHERE id = $1', [id]))[0]!.archivedAt).not.toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Audit: filters by person, action and account, and exports the filtered entries as CSV', async () => {
    const server = stack.server;
    const [{ accountId }] = (await server.ctx.db.query<{ accountId: number }>(`SELECT account_id AS "accountId" FROM users WHERE email = 'customer@example.com'`)) as [{ accountId: number }];
    await adminPush('ledger.adjust', { accountId, points: 5, reason: 'goodwill for the audit test' });
    // Another person's act: the billing manager's adjustment.
    const billing = await server.login('billing@example.com');
    const res = await server.api('POST', '/api/sync/push', { token: billing, body: { clientId: 'admin-screens-billing', mutations: [{ id: 1, name: 'ledger.adjust', args: { accountId, points: 2, reason: 'billing adjusts' } }] } });
    expect(res.body.results[0].status).toBe('applied');

    // The console is signed in as the admin still (the first test): a new window of it.
    const problems: string[] = [];
    const page = await browser.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(stack.web.url);
    await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
    await openScreen(page, 'audit', /Audit log/);
    const filters = page.getByRole('form', { name: 'Audit filters' });
    const entries = page.getByRole('table', { name: 'Audit entries' });
    const column = async (n: number) => (await entries.locator('tbody tr').all()).length ? entries.locator(`tbody tr td:nth-child(${n})`).allTextContents() : [];
    await entries.waitFor(live);

    // By action (a family): only the department acts of the first test, newest first.
    await filters.getByLabel('Action').fill('department.');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => column(3), live).toEqual(['department.archive', 'department.rename', 'department.create']);

    // By account and person: the admin's adjustment, not the billing manager's.
    await filters.getByLabel('Action').fill('');
    await filters.getByLabel('Account id').fill(String(accountId));
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => (await column(3)).filter((a) => a === 'ledger.adjust').length, live).toBe(2);
    expect(new Set(await column(5))).toEqual(new Set([String(accountId)]));
    const adminName = (await server.ctx.db.query<{ name: string }>(`SELECT name FROM users WHERE email = 'admin@example.com'`))[0]!.name;
    await filters.getByLabel('Person').selectOption({ label: adminName });
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => (await column(3)).filter((a) => a === 'ledger.adjust').length, live).toBe(1);
    expect(new Set(await column(2))).toEqual(new Set([adminName]));

    // The CSV holds what the filters show: the header, then the admin's entries on that account.
    const download = page.waitForEvent('download');
    await filters.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await file.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(auditCsvColumns.join(','));
    const rows = lines.slice(1);
    expect(rows).toHaveLength((await column(3)).length);
    expect(rows.some((l) => l.includes(',ledger.adjust,') && l.includes('goodwill for the audit test'))).toBe(true);
    expect(rows.some((l) => l.includes('billing adjusts'))).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });
});
