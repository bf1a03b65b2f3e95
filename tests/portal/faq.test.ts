/** The FAQ in Chromium: readable signed out, searchable ("transfer"), each article on its own URL. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('FAQ, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 20 });
  }, 240_000);
  afterAll(() => stack?.close());

  it('is readable without signing in: search finds "transfer", and an article has its own URL that survives a reload', async () => {
    const c = await stack.open('visitor');
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'FAQ' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'FAQ' }).waitFor();
    const list = c.page.getByRole('list', { name: 'Articles' });
    await list.getByRole('link', { name: 'How to change hosting plan?' }).waitFor();
    const all = await list.getByRole('link').count();
    expect(all).toBeGreaterThanOrEqual(14);

    await c.page.getByRole('searchbox', { name: 'Search the FAQ' }).fill('transfer');
    await c.page.getByRole('button', { name: 'Search' }).click();
    await c.page.waitForURL(`${stack.url}/faq?q=transfer`);
    await c.page.getByRole('status').filter({ hasText: 'found for "transfer"' }).waitFor();
    await list.getByRole('link', { name: 'How to transfer the license to another party?' }).waitFor();
    expect(await list.getByRole('link', { name: 'How to change hosting plan?' }).count()).toBe(0);
    expect(await list.getByRole('link').count()).toBeLessThan(all);

    await list.getByRole('link', { name: 'How to transfer the license to another party?' }).click();
    await c.page.waitForURL(`${stack.url}/faq/how-to-transfer-the-license-to-another-party`);
    await c.page.getByRole('heading', { level: 1, name: 'How to transfer the license to another party?' }).waitFor();
    await c.page.getByText("click 'Transfer' link opposite the license").waitFor();
    await c.page.reload();
    await c.page.getByRole('heading', { level: 1, name: 'How to transfer the license to another party?' }).waitFor();
    await c.page.goBack();
    await c.page.waitForURL(`${stack.url}/faq?q=transfer`);
    await c.page.getByRole('searchbox', { name: 'Search the FAQ' }).waitFor();
    expect(await c.page.getByRole('searchbox', { name: 'Search the FAQ' }).inputValue()).toBe('transfer');

    await c.page.goto(`${stack.url}/faq/no-such-article`);
    await c.page.getByText('not found').waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('is there for a secondary user too, at 360 px wide', async () => {
    const c = await stack.open('secondary-faq', demoSecondary.email, { width: 360 });
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'FAQ' }).click();
    await c.page.getByRole('list', { name: 'Articles' }).getByRole('link', { name: /How can I let my represetative/ }).click();
    await c.page.getByText("Go to the 'Manage accounts' section -> 'New account' tab.").waitFor();
    const overflow = await c.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
