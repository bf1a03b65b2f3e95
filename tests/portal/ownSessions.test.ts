/**
 * Sign-in security in the portal, in Chromium: "Your sessions" in Edit self-profile lists the
 * browsers signed in as the customer, ends another one (that browser is signed out), and
 * "Sign out everywhere" ends this one too; a weak new password is refused with the server's
 * reason beside the field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Own sessions and the password policy in the portal, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 20 });
  }, 240_000);
  afterAll(() => stack?.close());

  it('lists the own sessions, ends another browser\'s, and signs out everywhere', async () => {
    const here = await stack.open('here', demoSecondary.email);
    const there = await stack.open('there', demoSecondary.email);
    await here.page.goto(`${stack.url}/profiles/self`);
    const table = here.page.getByRole('table', { name: 'Your sessions' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await table.getByText('(this browser)').waitFor();
    await table.getByRole('button', { name: /^End the session/ }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await there.page.goto(`${stack.url}/profiles/self`);
    await there.page.waitForURL(/\/sign-in/);

    await here.page.getByRole('button', { name: 'End every session (this one too)' }).click();
    await here.page.waitForURL(/\/sign-in/);
    await here.page.reload();
    await here.page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect([...here.problems, ...there.problems]).toEqual([]);
    await here.close();
    await there.close();
  });

  it('refuses a common new password with the server\'s reason beside the field', async () => {
    const c = await stack.open('weak', demoSecondary.email);
    await c.page.goto(`${stack.url}/profiles/self`);
    const form = c.page.getByRole('form', { name: 'Password' });
    await form.getByLabel('Current password').fill('switchboard');
    await form.getByLabel('New password', { exact: true }).fill('1234567890');
    await form.getByLabel('Repeat new password').fill('1234567890');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('is one of the most common passwords').waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
