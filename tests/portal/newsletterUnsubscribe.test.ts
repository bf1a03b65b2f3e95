/**
 * A newsletter's unsubscribe link in Chromium, as a subscriber meets it: the owner ticks
 * "Company news" in the Newsletter options, an admin sends an issue, the email carries the
 * one-click headers (RFC 8058) and the link; opened without signing in, the link's page asks
 * first (opening it changes nothing), one button stops the topic, opening it again says so,
 * a mail client's one-click POST to it is harmless, and an altered link is refused. Signed in,
 * the Newsletter options show the topic unticked and the others as they were.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer } from '../../src/server/seed/demoAccounts';
import { axeViolations } from '../support/axe';
import { browserSuite } from '../support/chromium';
import { emailsTo } from './support/emailLinks';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('Newsletter unsubscribe, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 50 });
  }, 240_000);
  afterAll(() => stack?.close());

  const subscribed = async () =>
    (await stack.server.db.query<{ newsletter: string[] }>('SELECT newsletter FROM accounts a JOIN users u ON u.id = a.primary_user_id WHERE u.email = $1', [demoCustomer.email]))[0]!.newsletter;

  it('the emailed link unsubscribes without signing in, once; the Newsletter options show it', async () => {
    const owner = await stack.open('owner', demoCustomer.email);
    await owner.page.goto(`${stack.url}/profiles/self`);
    const news = owner.page.getByRole('form', { name: 'Newsletter' });
    await news.getByLabel('Company news:').check();
    await news.getByLabel('Security alerts and advisory:').check();
    await news.getByRole('button', { name: 'Save newsletter' }).click();
    await news.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    const before = await subscribed();
    expect(before).toEqual(expect.arrayContaining(['company_news', 'security_alerts']));

    // An admin sends an issue to Company news (the console's push); the server delivers it.
    const admin = await stack.server.login('admin@example.com');
    const pushed = await fetch(`${stack.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ clientId: 'newsletter-portal-test', mutations: [{ id: 1, name: 'newsletter.send', args: { issueKey: 'portal-test-issue-1', topic: 'company_news', subject: 'Our November news', body: 'Hello from **the team**.' } }] }),
    });
    expect(((await pushed.json()) as { results: unknown[] }).results[0]).toMatchObject({ status: 'applied' });
    // The server's own sender is woken by the commit; this runs the same rounds at once.
    const running = stack.server.running!;
    await running.newsletterDispatcher.runDue();
    const ours = () => emailsTo(stack, demoCustomer.email).filter((e) => e.includes('Subject: Our November news'));
    await expect.poll(async () => {
      await running.emailSender.runDue();
      return ours().length;
    }, { timeout: 20_000 }).toBe(1);
    const email = ours()[0]!;
    const unfolded = email.replace(/\r?\n[ \t]+/g, ' ');
    const link = /^List-Unsubscribe: <([^>]+)>/im.exec(unfolded)![1]!;
    expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
    expect(link.startsWith(`${stack.url}/newsletter/unsubscribe?token=`)).toBe(true);

    // Someone opens the link without signing in: asked first, nothing changed yet.
    const visitor = await stack.open('visitor');
    await visitor.page.goto(link);
    await visitor.page.getByRole('heading', { level: 1, name: 'Unsubscribe from a newsletter' }).waitFor();
    await visitor.page.getByText(`Stop sending "Company news" newsletters to ${demoCustomer.company}?`).waitFor();
    expect(await subscribed()).toEqual(before);
    expect(await axeViolations(visitor.page)).toEqual([]);
    await visitor.page.getByRole('button', { name: 'Unsubscribe from Company news' }).click();
    await visitor.page.getByRole('status').filter({ hasText: `${demoCustomer.company} no longer receives "Company news" newsletters.` }).waitFor();
    expect(await subscribed()).toEqual(before.filter((t) => t !== 'company_news'));

    // Again: already done; a mail client's one-click POST changes nothing more.
    await visitor.page.reload();
    await visitor.page.getByRole('status').filter({ hasText: 'no longer receives "Company news"' }).waitFor();
    expect(await visitor.page.getByRole('button', { name: /Unsubscribe from/ }).count()).toBe(0);
    const oneClick = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await oneClick.json()).toEqual({ topic: 'company_news', subscribed: false, wasSubscribed: false });

    // An altered link is refused on the page, and by the one-click POST.
    const altered = link.replace(/\.(\d+)\.([A-Za-z0-9_-]+)$/, (_m, issue: string, mac: string) => `.${Number(issue) + 1}.${mac}`);
    expect(altered).not.toBe(link);
    await visitor.page.goto(altered);
    await visitor.page.getByRole('alert').filter({ hasText: 'this unsubscribe link is not valid' }).waitFor();
    expect((await fetch(altered, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(400);

    // The owner's Newsletter options show the change; the other topics stay.
    await owner.page.reload();
    const again = owner.page.getByRole('form', { name: 'Newsletter' });
    await again.getByLabel('Company news:').waitFor();
    expect(await again.getByLabel('Company news:').isChecked()).toBe(false);
    expect(await again.getByLabel('Security alerts and advisory:').isChecked()).toBe(true);

    expect([...owner.problems, ...visitor.problems]).toEqual([]);
    await visitor.close();
    await owner.close();
  });
});
