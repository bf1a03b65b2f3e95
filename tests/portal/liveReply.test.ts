/**
 * Live replies (the help page's FAQ "I received your notification but ... the message is not
 * there"): a staff reply pushed from the console appears on the customer's open ticket page
 * without reload, and its notification email links to that page, which a signed-out browser
 * opens through sign-in.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { demoCustomer, demoPassword } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type PortalStack } from './support/portalStack';

/** An .eml's text with quoted-printable soft line breaks and escapes undone. */
const decodeQp = (raw: string): string => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

browserSuite('live replies on the customer\'s ticket page, in Chromium', () => {
  let stack: PortalStack;
  let customerToken: string;
  let engineerToken: string;
  let mutationId = 0;
  beforeAll(async () => {
    stack = await startPortalStack();
    customerToken = await stack.server.login(demoCustomer.email);
    engineerToken = await stack.server.login('admin@example.com');
  }, 240_000);
  afterAll(() => stack?.close());

  const newTicket = async (subject: string) => {
    const r = await stack.server.api('POST', '/api/customer/tickets', { token: customerToken, body: { type: 'tech', subject, body: 'Where is my download?' } });
    expect(r.status).toBe(201);
    const [row] = await stack.server.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [r.body.number]);
    return { number: r.body.number as number, id: row!.id };
  };
  const pushReply = async (ticketId: number, body: string) => {
    const r = await stack.server.api('POST', '/api/sync/push', {
      token: engineerToken,
      body: { clientId: 'portal-live-test', mutations: [{ id: ++mutationId, name: 'ticket.reply', args: { ticketId, body } }] },
    });
    expect(r.body.results[0]).toMatchObject({ status: 'applied' });
  };

  it('shows a staff reply pushed by the console on the open ticket page without reload', async () => {
    const t = await newTicket('Live reply');
    const c = await stack.open('live', demoCustomer.email);
    // The page is live once its event stream answers.
    const stream = c.page.waitForResponse((r) => r.url() === `${stack.url}/api/customer/tickets/events` && r.status() === 200);
    await c.page.goto(`${stack.url}/tickets/${t.number}`);
    await c.page.getByRole('heading', { level: 1, name: `Ticket #${t.number}: Live reply` }).waitFor();
    await c.page.getByRole('article').first().waitFor();
    await stream;
    let navigations = 0;
    c.page.on('framenavigated', () => navigations++);
    await pushReply(t.id, 'Your download is in the **File area** now.');
    const reply = c.page.getByRole('article', { name: /^Message from / }).filter({ hasText: 'Your download is in the File area now.' });
    // Within a second of the push's answer.
    await reply.waitFor({ timeout: 1000 });
    expect(navigations).toBe(0);
    // The status moved on too (answered), from the same live event.
    await c.page.locator('.ticket-summary').getByText('Answered').waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('links the reply\'s notification email to the ticket page; a signed-out browser signs in and lands there', async () => {
    const t = await newTicket('Email link');
    await pushReply(t.id, 'Reply with a link, marker e7f3');
    const link = `${stack.url}/tickets/${t.number}`;
    const email = await vi.waitFor(
      () => {
        const found = stack.emails().map((e) => decodeQp(e.raw)).find((raw) => raw.includes('marker e7f3'));
        if (!found) throw new Error('the reply\'s email is not written yet');
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(email).toContain(link);

    const c = await stack.open('email-link');
    await c.page.goto(link);
    await c.page.waitForURL(/\/sign-in\?next=/);
    const form = c.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('E-mail').fill(demoCustomer.email);
    await form.getByLabel('Password').fill(demoPassword);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await c.page.waitForURL(link);
    await c.page.getByRole('heading', { level: 1, name: `Ticket #${t.number}: Email link` }).waitFor();
    await c.page.getByRole('article').filter({ hasText: 'Reply with a link, marker e7f3' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
