/**
 * "Forgot password?" in Chromium: the emailed single-use link sets a new password, then the
 * customer signs in with it; the same link again, or an expired one, is refused; an unknown
 * address gets the same answer and no email.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forgotPasswordAnswer } from '../../src/shared/api/profile';
import { browserSuite } from '../support/chromium';
import { emailsTo, waitForLink } from './support/emailLinks';
import { startPortalStack, type Customer, type PortalStack } from './support/portalStack';

browserSuite('forgot password, in Chromium', () => {
  let stack: PortalStack;
  let people: string[];
  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 50 });
    const rows = await stack.server.db.query<{ email: string }>(
      `SELECT email FROM users WHERE role = 'customer.primary' AND active AND email NOT LIKE '%@example.com' ORDER BY id LIMIT 3`,
    );
    people = rows.map((r) => r.email);
  }, 240_000);
  afterAll(() => stack?.close());

  async function askForLink(c: Customer, email: string) {
    await c.page.goto(`${stack.url}/sign-in`);
    await c.page.getByRole('link', { name: 'Forgot password?' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Forgot password' }).waitFor();
    const form = c.page.getByRole('form', { name: 'Forgot password' });
    await form.getByLabel('E-mail').fill(email);
    await form.getByRole('button', { name: 'Send link' }).click();
    await c.page.getByRole('status').filter({ hasText: 'If an account with that e-mail exists' }).waitFor();
    return (await c.page.getByRole('status').filter({ hasText: 'If an account' }).textContent())!;
  }

  it('sends a link that sets a new password; the customer signs in with it; the same link again is refused', async () => {
    const email = people[0]!;
    const c = await stack.open('reset');
    await askForLink(c, email);
    const link = await waitForLink(stack, email, '/set-password');
    await c.page.goto(link);
    const form = c.page.getByRole('form', { name: 'Set your password' });
    await form.getByText(email).waitFor();
    await form.getByLabel('New password', { exact: true }).fill('short');
    await form.getByLabel('Repeat new password').fill('short');
    await form.getByRole('button', { name: 'Set password' }).click();
    await form.getByText('must be at least 10 characters').waitFor();
    await form.getByLabel('New password', { exact: true }).fill('my new secret pw');
    await form.getByLabel('Repeat new password').fill('my new secret pw');
    await form.getByRole('button', { name: 'Set password' }).click();
    await c.page.getByText('Your password is set and you are signed in.').waitFor();
    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await c.page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    await c.signIn(email, 'my new secret pw');
    await c.page.waitForURL(`${stack.url}/tickets`);

    // The same link again.
    const again = await stack.open('reset-again');
    await again.page.goto(link);
    await again.page.getByRole('alert').or(again.page.getByRole('status')).filter({ hasText: 'used already' }).waitFor();
    expect(await again.page.getByRole('form', { name: 'Set your password' }).count()).toBe(0);
    expect([...c.problems, ...again.problems]).toEqual([]);
    await c.close();
    await again.close();
  });

  it('refuses an expired link', async () => {
    const email = people[1]!;
    const c = await stack.open('expired');
    await askForLink(c, email);
    const link = await waitForLink(stack, email, '/set-password');
    await stack.server.db.query(`UPDATE user_links SET expires_at = $2 WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [email, Date.now() - 1000]);
    await c.page.goto(link);
    await c.page.getByText('this link has expired').waitFor();
    await c.page.getByRole('link', { name: 'Ask for a new link' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Forgot password' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('gives an unknown e-mail the same answer, and sends it nothing', async () => {
    const c = await stack.open('unknown');
    const unknownAnswer = await askForLink(c, 'no-such-customer@example.org');
    const knownAnswer = await askForLink(c, people[2]!);
    expect(unknownAnswer).toBe(knownAnswer);
    expect(unknownAnswer).toBe(forgotPasswordAnswer);
    // The known address's email arrives; the unknown one has none, then or later.
    await waitForLink(stack, people[2]!, '/set-password');
    expect(emailsTo(stack, 'no-such-customer@example.org')).toEqual([]);
    expect(await stack.server.db.query(`SELECT 1 FROM email_outbox WHERE to_address = 'no-such-customer@example.org'`)).toEqual([]);
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
