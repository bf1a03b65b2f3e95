/**
 * Profiles in Chromium, in the help page's words: FAQ 2.8 (a representative gets a secondary
 * user through 'Manage accounts' -> 'New account', sets the password from the emailed link,
 * uses the Communication center and the FAQ only, and is signed out when removed), FAQ 2.5
 * (the 'Newsletter' section of 'Edit self profile'), the contact e-mail changed only by the
 * confirmation link, and the password changed only with the current one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoPassword, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { waitForLink } from './support/emailLinks';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Profiles, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 50 });
  }, 240_000);
  afterAll(() => stack?.close());

  it('FAQ 2.8: Manage accounts -> New account makes a secondary user, who sets a password by link, sees the message board and FAQ only, and is signed out when removed', async () => {
    const owner = await stack.open('owner', demoCustomer.email);
    await owner.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Profiles' }).click();
    await owner.page.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor();
    await owner.page.getByRole('navigation', { name: 'Profiles' }).getByRole('link', { name: 'Manage accounts' }).click();
    await owner.page.waitForURL(`${stack.url}/profiles/accounts`);
    await owner.page.getByRole('cell', { name: demoSecondary.email }).waitFor();
    await owner.page.getByRole('navigation', { name: 'Profiles' }).getByRole('link', { name: 'New account' }).click();
    await owner.page.waitForURL(`${stack.url}/profiles/new`);
    const form = owner.page.getByRole('form', { name: 'New account' });
    await form.getByLabel('E-mail').fill('not an address');
    await form.getByLabel('Name').fill('Rita Rep');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByText('must be an email address').waitFor();
    await form.getByLabel('E-mail').fill('rita.rep@example.net');
    await form.getByRole('button', { name: 'Create' }).click();
    await owner.page.getByRole('status').filter({ hasText: 'We sent an e-mail to rita.rep@example.net with a link to set the password' }).waitFor();

    // The representative follows the emailed link.
    const rep = await stack.open('representative');
    await rep.page.goto(await waitForLink(stack, 'rita.rep@example.net', '/set-password'));
    const set = rep.page.getByRole('form', { name: 'Set your password' });
    await set.getByText('rita.rep@example.net').waitFor();
    await set.getByLabel('New password', { exact: true }).fill('rita secret pw');
    await set.getByLabel('Repeat new password').fill('rita secret pw');
    await set.getByRole('button', { name: 'Set password' }).click();
    await rep.page.getByText('Your password is set and you are signed in.').waitFor();
    await rep.page.getByRole('button', { name: 'Sign out' }).click();
    await rep.signIn('rita.rep@example.net', 'rita secret pw');
    const nav = rep.page.getByRole('navigation', { name: 'Account sections' });
    await nav.getByRole('link', { name: 'Communication center' }).waitFor();
    await nav.getByRole('link', { name: 'FAQ' }).waitFor();
    await nav.getByRole('link', { name: 'My licenses' }).click();
    await rep.page.getByText('Only the account\'s owner (its primary user) can use the My licenses section').waitFor();
    await nav.getByRole('link', { name: 'Profiles' }).click();
    await rep.page.waitForURL(`${stack.url}/profiles/self`);
    await rep.page.getByRole('navigation', { name: 'Profiles' }).getByRole('link', { name: 'Manage accounts' }).click();
    await rep.page.getByText('Only the account\'s owner (its primary user) can use Manage accounts').waitFor();

    // The owner removes the representative: the session ends.
    await owner.page.getByRole('navigation', { name: 'Profiles' }).getByRole('link', { name: 'Manage accounts' }).click();
    const row = owner.page.getByRole('row').filter({ hasText: 'rita.rep@example.net' });
    await row.getByRole('cell', { name: 'Secondary' }).waitFor();
    await row.getByRole('button', { name: 'Remove Rita Rep' }).click();
    const confirm = owner.page.getByRole('alertdialog', { name: 'Remove Rita Rep?' });
    await confirm.getByRole('button', { name: 'Yes, remove' }).click();
    await owner.page.getByRole('status').filter({ hasText: 'is removed and signed out' }).waitFor();
    await row.getByRole('cell', { name: 'No (removed)' }).waitFor();
    await rep.page.reload();
    await rep.page.waitForURL(/\/sign-in\?next=/);
    expect([...owner.problems, ...rep.problems]).toEqual([]);
    await owner.close();
    await rep.close();
  });

  it('FAQ 2.5: ticks newsletter options in the Newsletter section of Edit self profile; a reload shows them saved', async () => {
    const c = await stack.open('newsletter', demoCustomer.email);
    await c.page.goto(`${stack.url}/profiles/accounts`);
    await c.page.getByRole('link', { name: 'Edit self profile' }).first().click();
    await c.page.waitForURL(`${stack.url}/profiles/self`);
    const news = c.page.getByRole('form', { name: 'Newsletter' });
    for (const label of ['Company news:', 'Promotions and special offers:', 'Security alerts and advisory:', 'About new products and releases:', 'Minor releases and updates (high volume):']) {
      await news.getByLabel(label, { exact: true }).waitFor();
    }
    await news.getByLabel('Company news:').check();
    await news.getByLabel('Minor releases and updates (high volume):').check();
    await news.getByLabel('Security alerts and advisory:').uncheck();
    await news.getByRole('button', { name: 'Save newsletter' }).click();
    await news.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await c.page.reload();
    const again = c.page.getByRole('form', { name: 'Newsletter' });
    await again.getByLabel('Company news:').waitFor();
    expect(await again.getByLabel('Company news:').isChecked()).toBe(true);
    expect(await again.getByLabel('Minor releases and updates (high volume):').isChecked()).toBe(true);
    expect(await again.getByLabel('Security alerts and advisory:').isChecked()).toBe(false);
    expect(await again.getByLabel('About new products and releases:').isChecked()).toBe(true);
    const [acc] = await stack.server.db.query<{ newsletter: string[] }>('SELECT newsletter FROM accounts a JOIN users u ON u.id = a.primary_user_id WHERE u.email = $1', [demoCustomer.email]);
    expect([...acc!.newsletter].sort()).toEqual(['company_news', 'minor_releases', 'new_products']);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('changes the contact e-mail only after the confirmation link sent to the new address is followed', async () => {
    const [who] = await stack.server.db.query<{ email: string; accountId: number }>(
      `SELECT email, account_id AS "accountId" FROM users WHERE role = 'customer.primary' AND active AND email NOT LIKE '%@example.com' ORDER BY id LIMIT 1`,
    );
    const c = await stack.open('email-change', who!.email);
    await c.page.goto(`${stack.url}/profiles/self`);
    const form = c.page.getByRole('form', { name: 'Contact e-mail' });
    await form.getByLabel('New e-mail').fill('moved-here@example.net');
    await form.getByRole('button', { name: 'Send confirmation link' }).click();
    await form.getByText('Waiting for confirmation: we sent a link to moved-here@example.net').waitFor();
    const contact = async () => (await stack.server.db.query<{ c: string }>('SELECT contact_email AS c FROM accounts WHERE id = $1', [who!.accountId]))[0]!.c;
    expect(await contact()).toBe(who!.email);
    await c.page.reload();
    await c.page.getByRole('form', { name: 'Contact e-mail' }).getByText('Waiting for confirmation').waitFor();

    await c.page.goto(await waitForLink(stack, 'moved-here@example.net', '/confirm-email'));
    await c.page.getByRole('button', { name: 'Confirm the new e-mail' }).click();
    await c.page.getByText('Your e-mail is now moved-here@example.net').waitFor();
    expect(await contact()).toBe('moved-here@example.net');
    await c.page.getByRole('link', { name: 'Back to Edit self-profile' }).click();
    await c.page.getByRole('form', { name: 'Contact e-mail' }).getByText('moved-here@example.net').first().waitFor();
    expect(await c.page.getByText('Waiting for confirmation').count()).toBe(0);
    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await c.signIn('moved-here@example.net');
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('changes the password only with the current one, for a secondary user too, whose Newsletter section is the owner\'s', async () => {
    const c = await stack.open('password', demoSecondary.email);
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Profiles' }).click();
    await c.page.getByRole('navigation', { name: 'Profiles' }).getByRole('link', { name: 'Edit self-profile' }).click();
    await c.page.getByText('Only the account\'s owner (its primary user) can use the Newsletter section').waitFor();
    const form = c.page.getByRole('form', { name: 'Password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill('walt new password');
    await form.getByLabel('Repeat new password').fill('walt new password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('this is not your current password').waitFor();
    expect(await form.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Current password').fill(demoPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

    const name = c.page.getByRole('form', { name: 'Name' });
    await name.getByLabel('Name').fill('Walt the Webmaster');
    await name.getByRole('button', { name: 'Save name' }).click();
    await c.page.getByText('Walt the Webmaster (webmaster@example.com)').waitFor();

    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await c.signIn(demoSecondary.email, 'walt new password');
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('works at 360 px wide', async () => {
    const c = await stack.open('narrow', demoCustomer.email, { width: 360 });
    await c.page.goto(`${stack.url}/profiles/self`);
    await c.page.getByRole('form', { name: 'Newsletter' }).waitFor();
    const overflow = await c.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
