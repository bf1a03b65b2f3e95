/**
 * Every page of the customer portal checked with axe-core in Chromium, light and dark, and at
 * 360 px wide: no serious or critical finding (names, roles, contrast), and nothing wider
 * than the screen (no sideways scrolling on a phone). axe runs through the DevTools protocol,
 * so the portal's CSP stays as strict as in use.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer } from '../../src/server/seed/demoAccounts';
import { axeViolations as violations } from '../support/axe';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type Customer, type PortalStack } from './support/portalStack';

/** How far the page is wider than its viewport (0: no sideways scrolling). */
const overflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;

browserSuite('accessibility of the customer portal, in Chromium', () => {
  let stack: PortalStack;
  let ticketNumber: number;
  /** Page paths of the signed-in customer, with the heading each shows. */
  let pages: Array<{ path: string; heading: string | RegExp }>;

  beforeAll(async () => {
    stack = await startPortalStack();
    const [t] = await stack.server.db.query<{ number: number }>(
      `SELECT t.number FROM tickets t JOIN users u ON u.account_id = t.account_id WHERE u.email = $1 AND t.type <> 'log' ORDER BY t.number DESC LIMIT 1`,
      [demoCustomer.email],
    );
    ticketNumber = t!.number;
    const [addon] = await stack.server.db.query<{ id: number }>(`SELECT id FROM catalogue_items WHERE kind = 'addon' AND active ORDER BY id LIMIT 1`);
    // The demo forum's pinned welcome thread and its category.
    const [welcome] = await stack.server.db.query<{ id: number; categoryId: number }>(`SELECT id, category_id AS "categoryId" FROM forum_threads WHERE pinned ORDER BY id LIMIT 1`);
    pages = [
      { path: '/tickets', heading: 'Communication center' },
      { path: '/tickets/new', heading: 'Create a new ticket' },
      { path: `/tickets/${ticketNumber}`, heading: new RegExp(`${ticketNumber}`) },
      { path: '/files', heading: 'File area' },
      { path: '/licenses', heading: 'My licenses' },
      { path: '/projects', heading: 'Projects' },
      { path: '/buy', heading: 'Buy products/services' },
      { path: '/buy/list', heading: 'List of available Products and Services' },
      { path: `/buy/order/${addon!.id}`, heading: /^Order online: / },
      { path: '/buy/hosting', heading: 'How to change hosting plan' },
      { path: '/invoices', heading: 'Invoices' },
      { path: '/orders', heading: 'Orders' },
      { path: '/accounting', heading: 'Accounting' },
      { path: '/profiles', heading: 'Profiles' },
      { path: '/affiliate', heading: 'Affiliate program' },
      { path: '/catalogue', heading: 'List of available Products and Services' },
      { path: '/complaints', heading: 'Complaints' },
      { path: '/forum', heading: 'Forum' },
      { path: '/forum/new', heading: 'New thread' },
      { path: `/forum/categories/${welcome!.categoryId}`, heading: 'General discussion' },
      { path: `/forum/threads/${welcome!.id}`, heading: /^Welcome to the forum/ },
      { path: '/faq', heading: 'FAQ' },
    ];
  }, 240_000);
  afterAll(() => stack?.close());

  async function sweep(c: Customer, label: string, width: number): Promise<Record<string, string[]>> {
    const findings: Record<string, string[]> = {};
    for (const p of pages) {
      await c.page.goto(stack.url + p.path);
      await c.page.getByRole('heading', { level: 1, name: p.heading }).waitFor();
      // Let the page's data arrive: no "Loading…" left.
      await c.page.getByText('Loading…').first().waitFor({ state: 'detached' });
      const found = await violations(c.page);
      const wide = await overflow(c.page);
      if (wide > 0) found.push(`${wide} px wider than the ${width} px screen`);
      findings[`${label} ${p.path}`] = found;
    }
    return findings;
  }

  it('the sign-in page, the FAQ, the catalogue and the guest order form of a visitor', async () => {
    const c = await stack.open('a11y-visitor');
    await c.page.getByRole('form', { name: 'Sign in' }).waitFor();
    const signIn = await violations(c.page);
    await c.page.goto(`${stack.url}/faq`);
    await c.page.getByRole('heading', { level: 1, name: 'FAQ' }).waitFor();
    const faq = await violations(c.page);
    await c.page.goto(`${stack.url}/catalogue`);
    await c.page.getByRole('heading', { level: 2, name: 'Licenses' }).waitFor();
    const catalogue = await violations(c.page);
    // The guest order form, 'Order online' of a visitor.
    await c.page.getByRole('link', { name: /^Order online: .* license$/ }).first().click();
    await c.page.getByRole('form', { name: 'Order form' }).getByLabel('E-mail').waitFor();
    expect({ signIn, faq, catalogue, guestOrder: await violations(c.page) }).toEqual({ signIn: [], faq: [], catalogue: [], guestOrder: [] });
    expect(c.problems).toEqual([]);
  });

  // Each sweep loads twenty pages and runs axe on each (forty for light and dark): more
  // than the default minute when the machine is busy.
  it('every page of a primary user, light and dark', async () => {
    const light = await stack.open('a11y-light', demoCustomer.email);
    const dark = await stack.open('a11y-dark', demoCustomer.email, { colorScheme: 'dark' });
    const findings = { ...(await sweep(light, 'light', 1280)), ...(await sweep(dark, 'dark', 1280)) };
    expect(Object.entries(findings).filter(([, v]) => v.length)).toEqual([]);
    expect([...light.problems, ...dark.problems]).toEqual([]);
  }, 300_000);

  it('every page at 360 px wide, with nothing wider than the screen', async () => {
    const phone = await stack.open('a11y-phone', demoCustomer.email, { width: 360 });
    const findings = await sweep(phone, 'phone', 360);
    expect(Object.entries(findings).filter(([, v]) => v.length)).toEqual([]);
    expect(phone.problems).toEqual([]);
  }, 120_000);
});
