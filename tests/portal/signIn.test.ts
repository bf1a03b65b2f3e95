/**
 * Signing in to the portal in Chromium: the session is an httpOnly cookie the page cannot
 * read, an email's deep link leads through sign-in straight to its page, and reload and the
 * back button keep the page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('signing in to the customer portal, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack();
  }, 240_000);
  afterAll(() => stack?.close());

  it('keeps the session in an httpOnly, SameSite=Lax cookie that scripts cannot read', async () => {
    const c = await stack.open('cookie', demoCustomer.email);
    const cookies = await c.context.cookies(stack.url);
    const session = cookies.find((k) => k.name === 'sb_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    // Evaluated in the page (strings: the tests' own TypeScript has no DOM types).
    expect(await c.page.evaluate('document.cookie')).not.toContain('sb_session');
    expect(await c.page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')).not.toContain(session!.value);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('signs in when the form is sent before the page has its CSRF token, and when its token is for a lost secret', async () => {
    // The first session read held back: the form is sent before the page has a token.
    const c = await stack.open('quick-typist');
    await c.context.clearCookies();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await c.page.route('**/api/portal/session', async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    });
    await c.page.goto(`${stack.url}/sign-in`);
    const form = c.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('E-mail').fill(demoCustomer.email);
    await form.getByLabel('Password').fill('switchboard');
    const signInPosted = c.page.waitForRequest((r) => r.url().endsWith('/api/portal/session') && r.method() === 'POST');
    const tokenAsked = c.page.waitForRequest((r) => r.url().endsWith('/api/portal/session') && r.method() === 'GET');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await tokenAsked;
    release();
    await signInPosted;
    await c.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await c.page.unroute('**/api/portal/session');
    await c.close();

    // Two first reads raced and the secret of the token held lost: the server refuses the token
    // (here the first sign-in's token is spoilt on its way). The refusal comes before the route
    // runs; the page asks for a new token once and sends again.
    const d = await stack.open('lost-secret');
    const posts: number[] = [];
    d.page.on('response', (r) => {
      if (r.url().endsWith('/api/portal/session') && r.request().method() === 'POST') posts.push(r.status());
    });
    let spoilt = false;
    await d.page.route('**/api/portal/session', async (route) => {
      const r = route.request();
      if (r.method() !== 'POST' || spoilt) return route.continue();
      spoilt = true;
      await route.continue({ headers: { ...(await r.allHeaders()), 'x-csrf-token': 'a-token-of-a-secret-that-lost' } });
    });
    const again = d.page.getByRole('form', { name: 'Sign in' });
    await again.getByLabel('E-mail').fill(demoCustomer.email);
    await again.getByLabel('Password').fill('switchboard');
    await again.getByRole('button', { name: 'Sign in' }).click();
    await d.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect.poll(() => posts).toEqual([403, 200]);
    expect([...c.problems, ...d.problems]).toEqual([]);
    await d.close();
  });

  it('refuses a wrong password beside the form, and signs in with the right one', async () => {
    const c = await stack.open('wrong-password');
    const form = c.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('E-mail').fill(demoCustomer.email);
    await form.getByLabel('Password').fill('not the password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.getByRole('alert').filter({ hasText: 'wrong email or password' }).waitFor();
    await c.signIn(demoCustomer.email);
    await c.page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(c.page.url()).pathname).toBe('/tickets');
    await c.close();
  });

  it('sends a visitor of a deep link to sign in, then straight on to that page; reload and back keep it', async () => {
    const c = await stack.open('deep-link');
    await c.page.goto(`${stack.url}/invoices`);
    await c.page.waitForURL(/\/sign-in\?next=%2Finvoices$/);
    const form = c.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('E-mail').fill(demoCustomer.email);
    await form.getByLabel('Password').fill('switchboard');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await c.page.waitForURL(`${stack.url}/invoices`);
    await c.page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await c.page.reload();
    await c.page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'FAQ' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'FAQ' }).waitFor();
    await c.page.goBack();
    await c.page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('signs out: the cookie is gone and a signed-in page asks to sign in again', async () => {
    const c = await stack.open('sign-out', demoCustomer.email);
    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await c.page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    expect((await c.context.cookies(stack.url)).find((k) => k.name === 'sb_session')).toBeUndefined();
    await c.page.goto(`${stack.url}/tickets`);
    await c.page.waitForURL(/\/sign-in\?next=%2Ftickets$/);
    await c.close();
  });
});
