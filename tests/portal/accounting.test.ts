/**
 * Accounting in Chromium: the support points balance is the sum of the ledger in the
 * database; the ledger lists each entry in plain words (a ticket charge links to its ticket),
 * newest first, paged when long; a negative balance is explained. Owner-only: a secondary
 * user gets the notice and the server's 403.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { accountIdOf, newAccount, one, pushAsBilling } from './support/filesBillingFixtures';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Accounting: the support points balance and the ledger, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack();
  }, 240_000);
  afterAll(() => stack?.close());

  const sumOf = async (accountId: number) => (await one<{ b: number }>(stack, 'SELECT coalesce(sum(points), 0)::int AS b FROM ledger_entries WHERE account_id = $1', [accountId])).b;

  it('shows the balance equal to the sum of the ledger, and each entry in plain words, newest first, a ticket charge linking to its ticket', async () => {
    const accountId = await accountIdOf(stack, demoCustomer.email);
    const c = await stack.open('accounting', demoCustomer.email);
    const { page } = c;
    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Accounting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    const balance = await sumOf(accountId);
    await page.getByText(`Support points balance: ${balance} points`).waitFor();

    const entries = await stack.server.db.query<{ kind: string; points: number; reason: string; number: number | null }>(
      `SELECT l.kind, l.points, l.reason, t.number FROM ledger_entries l LEFT JOIN tickets t ON t.id = l.ticket_id
        WHERE l.account_id = $1 ORDER BY l.created_at DESC, l.id DESC`,
      [accountId],
    );
    expect(entries.length).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: /Support points ledger/ });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(Math.min(entries.length, 50) + 1);
    const first = rows.nth(1);
    expect(await first.getByRole('cell').nth(3).textContent()).toBe(entries[0]!.reason);
    const words: Record<string, string> = { purchase: 'Purchase', ticket_charge: 'Ticket charge', transfer_in: 'Transfer in', transfer_out: 'Transfer out', adjustment: 'Adjustment' };
    expect(await first.getByRole('cell').nth(1).textContent()).toContain(words[entries[0]!.kind]);
    const charge = entries.find((e) => e.kind === 'ticket_charge' && e.number !== null);
    if (charge) {
      const link = table.getByRole('link', { name: `ticket #${charge.number}` });
      expect(await link.getAttribute('href')).toBe(`/tickets/${charge.number}`);
      expect(await link.locator('xpath=ancestor::tr').getByRole('cell').nth(2).textContent()).toBe(`−${-charge.points}`);
    }
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('a long ledger is paged (each page its own URL); a negative balance is explained', async () => {
    const { accountId, email } = await newAccount(stack, 'Ledger Heavy Ltd', 'ledger-heavy@example.com');
    // 55 billing adjustments: one page of 50 and a second of 5.
    for (let i = 1; i <= 55; i++) await pushAsBilling(stack, 'ledger.adjust', { accountId, points: i === 55 ? -200 : 1, reason: `Adjustment number ${i}` });
    const balance = await sumOf(accountId);
    expect(balance).toBe(54 - 200);

    const c = await stack.open('ledger-pages', email);
    const { page } = c;
    await page.goto(`${stack.url}/accounting`);
    await page.getByText(`Support points balance: ${balance} points`).waitFor();
    const why = page.getByRole('status').filter({ hasText: 'Your balance is negative' });
    await why.waitFor();
    expect(await why.textContent()).toContain(`${-balance} points more than the account held`);
    const table = page.getByRole('table', { name: /Support points ledger/ });
    // Newest first: the last adjustment heads the first page.
    expect(await table.getByRole('row').nth(1).textContent()).toContain('Adjustment number 55');
    expect(await table.getByRole('row').count()).toBe(51);
    const pager = page.getByRole('navigation', { name: 'Ledger pages' });
    await pager.getByText('Page 1 of 2').waitFor();
    await pager.getByRole('button', { name: 'Older entries' }).click();
    await page.waitForURL(`${stack.url}/accounting?page=2`);
    await pager.getByText('Page 2 of 2').waitFor();
    expect(await table.getByRole('row').count()).toBe(6);
    expect(await table.getByRole('row').last().textContent()).toContain('Adjustment number 1');
    await page.reload();
    await pager.getByText('Page 2 of 2').waitFor();
    await page.goBack();
    await pager.getByText('Page 1 of 2').waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('a secondary user gets the owner-only notice and the server\'s 403; bad page numbers are refused naming the field', async () => {
    const w = await stack.open('secondary', demoSecondary.email);
    await w.page.goto(`${stack.url}/accounting`);
    await w.page.getByRole('status').filter({ hasText: 'can use the Accounting section' }).waitFor();
    const refused = await w.context.request.get(`${stack.url}/api/customer/ledger`);
    expect(refused.status()).toBe(403);
    expect(w.problems).toEqual([]);
    await w.close();

    const token = await stack.server.login(demoCustomer.email);
    const bad = await stack.server.api('GET', '/api/customer/ledger?page=0', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('query.page');
  });
});
