/**
 * The Team screen in Chromium (the built console through the web host, a real server that
 * also serves the built portal): an admin opens Team from the command palette, invites an
 * engineer; the invitation email's link opens the set-password page, which sets the first
 * password; the engineer then signs in to the console with it. Then the admin deactivates the
 * engineer, whose open console is signed out and told why. Resend and Cancel invitation, and
 * an admin's reset of a person's two-factor (a lost phone), clicked with their confirmations.
 */
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openScreen } from './support/dispatcherPage';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { buildPortal, freePort } from '../portal/support/portalStack';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';
import { startWebHost, type WebHost } from '../../src/main/web/webHost';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

browserSuite('the Team screen in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let rendererDir: string;
  let serverUrl: string;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    const [appDir, portalDir] = await Promise.all([buildApp(), buildPortal()]);
    rendererDir = path.join(appDir, 'renderer');
    stack = await startConsoleStack({ rendererDir, server: { config: { port, portalDir, publicUrl: serverUrl } } });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  async function consolePage(host: WebHost, email: string, password: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(host.url);
    await page.getByLabel('Server URL').fill(serverUrl);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return { page, problems };
  }

  /** A second console (its own core, data folder and web host), as on the engineer's laptop. */
  async function secondConsole(): Promise<{ core: ConsoleCore; host: WebHost }> {
    const core = await createConsoleCore({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-team-')), tokenStore: memoryTokenStore() });
    const host = await startWebHost({ core, port: 0, renderer: { dir: rendererDir } });
    closers.push(() => core.close(), () => host.close());
    return { core, host };
  }

  it('an admin invites an engineer, the email\'s link sets the password, the engineer signs in; deactivation signs that console out', async () => {
    const admin = await consolePage(stack.web, 'admin@example.com', 'switchboard');
    const { page } = admin;
    await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
    // Keyboard-first: the palette opens the Team screen.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill('team');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Team/ }).waitFor();
    const people = page.getByRole('table', { name: 'People' });
    await people.getByText('eric engineer', { exact: false }).first().waitFor();

    // "i" goes to the invite form; a bad address is refused naming the field.
    await page.keyboard.press('i');
    const form = page.getByRole('form', { name: 'Invite a person' });
    await form.getByLabel('E-mail').fill('not an address');
    await form.getByLabel('Name').fill('Ingrid Invitee');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await form.getByText('must be an email address').waitFor();
    await form.getByLabel('E-mail').fill('ingrid@example.com');
    await form.getByLabel('Role').selectOption('staff.engineer');
    await form.getByLabel('Tech support').check();
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await form.getByRole('status').filter({ hasText: 'Invitation to ingrid@example.com queued' }).waitFor();
    const row = people.getByRole('row').filter({ hasText: 'ingrid@example.com' });
    await row.getByText(/Invited/).waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Tech support');
    expect(await row.textContent()).toContain('never');

    // The invitation email, as the outbox holds it, links to the set-password page.
    const [mail] = await stack.server.ctx.db.query<{ text: string }>(`SELECT text_body AS text FROM email_outbox WHERE to_address = 'ingrid@example.com'`);
    const link = new RegExp(`${serverUrl}/set-password\\?token=[A-Za-z0-9_-]+`).exec(mail!.text)![0];
    const portal = await browser.newPage();
    await portal.goto(link);
    const setForm = portal.getByRole('form', { name: 'Set your password' });
    await setForm.getByText('ingrid@example.com').waitFor();
    await setForm.getByLabel('New password', { exact: true }).fill('ingrids first password');
    await setForm.getByLabel('Repeat new password').fill('ingrids first password');
    await setForm.getByRole('button', { name: 'Set password' }).click();
    await portal.getByText('Sign in to the Switchboard staff console').waitFor();
    await portal.close();

    // The engineer signs in to a console of their own with it.
    const laptop = await secondConsole();
    const engineer = await consolePage(laptop.host, 'ingrid@example.com', 'ingrids first password');
    await engineer.page.getByText('Ingrid Invitee').waitFor({ timeout: 30_000 });
    const laptopCache = laptop.core.session()?.cache;
    // The admin's Team screen follows: no invitation any more, a last sign-in.
    await row.getByText('Active').waitFor({ timeout: 20_000 });
    // The sign-in changes no synced row: Refresh reads the team again.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).not.toContain('never');

    // Deactivated by the admin: the engineer's console is signed out, saying why.
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await engineer.page.getByText('An admin deactivated your account').waitFor({ timeout: 10_000 });
    await engineer.page.getByLabel('Password').waitFor();
    // …and its cache is closed.
    await expect.poll(() => laptopCache!.writer.db.open, { timeout: 10_000 }).toBe(false);
    await row.getByText('Deactivated').waitFor({ timeout: 20_000 });
    expect(admin.problems).toEqual([]);
    expect(engineer.problems).toEqual([]);
  });

  it('Resend and Cancel invitation, and resetting a person\'s two-factor, each clicked with its confirmation', async () => {
    const server = stack.server;
    // The admin's console is signed in still (the first test): a new window of it.
    const page = await browser.newPage();
    const admin = { problems: [] as string[] };
    page.on('pageerror', (err) => admin.problems.push(err.message));
    await page.goto(stack.web.url);
    await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
    await openScreen(page, 'team', /Team/);
    const people = page.getByRole('table', { name: 'People' });
    const form = page.getByRole('form', { name: 'Invite a person' });
    await form.getByLabel('E-mail').fill('paula@example.com');
    await form.getByLabel('Name').fill('Paula Pending');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    const row = people.getByRole('row').filter({ hasText: 'paula@example.com' });
    await row.getByText(/Invited/).waitFor({ timeout: 20_000 });
    const mails = async () => server.ctx.db.query<{ text: string }>(`SELECT text_body AS text FROM email_outbox WHERE to_address = 'paula@example.com' ORDER BY id`);
    const tokenOf = (text: string) => /set-password\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;
    await expect.poll(async () => (await mails()).length, { timeout: 10_000 }).toBe(1);

    // Resend: a second email with a new link; the first one stops working.
    await row.getByRole('button', { name: 'Resend invitation' }).click();
    await expect.poll(async () => (await mails()).length, { timeout: 20_000 }).toBe(2);
    const [first, second] = (await mails()).map((m) => tokenOf(m.text));
    expect(second).not.toBe(first);
    const links = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM user_links l JOIN users u ON u.id = l.user_id WHERE u.email = 'paula@example.com' AND l.used_at IS NULL AND l.expires_at > $1`, [server.clock.now()]);
    expect(links[0]!.n).toBe(1);

    // Cancel asks first: dismissed, nothing changes; accepted, the person goes.
    const dialogs: string[] = [];
    page.once('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await row.getByRole('button', { name: 'Cancel invitation' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('paula@example.com');
    expect((await server.ctx.db.query(`SELECT 1 FROM users WHERE email = 'paula@example.com'`)).length).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Cancel invitation' }).click();
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    expect((await server.ctx.db.query(`SELECT 1 FROM users WHERE email = 'paula@example.com'`)).length).toBe(0);
    const actions = (await server.ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'staff.invitation.%' ORDER BY id`)).map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['staff.invitation.resend', 'staff.invitation.cancel']);

    // The billing manager set up two-factor, then lost the phone.
    const billingToken = await server.login('billing@example.com', true);
    const started = await server.api('POST', '/api/staff/two-factor/enrol', { token: billingToken });
    const confirmed = await server.api('POST', '/api/staff/two-factor/confirm', { token: billingToken, body: { code: await generate({ secret: started.body.enrolment.secret, epoch: Math.floor(server.clock.now() / 1000) }) } });
    expect(confirmed.status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const billing = people.getByRole('row').filter({ hasText: 'billing@example.com' });
    await expect.poll(() => billing.getByRole('cell').nth(6).textContent(), { timeout: 10_000 }).toBe('on');
    // No reset for the admin's own row.
    expect(await people.getByRole('row').filter({ hasText: 'admin@example.com' }).getByRole('button', { name: 'Reset two-factor' }).count()).toBe(0);
    page.once('dialog', (d) => { dialogs.push(d.message()); void d.accept(); });
    await billing.getByRole('button', { name: 'Reset two-factor' }).click();
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]).toMatch(/every session of theirs ends/);
    await expect.poll(async () => (await server.api('GET', '/api/auth/session', { token: billingToken })).status, { timeout: 20_000 }).toBe(401);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => billing.getByRole('cell').nth(6).textContent(), { timeout: 10_000 }).toBe('off');
    expect(await billing.getByRole('button', { name: 'Reset two-factor' }).count()).toBe(0);
    const [reset] = await server.ctx.db.query<{ actor: number }>(`SELECT actor_user_id AS actor FROM audit_log WHERE action = 'staff.two_factor.reset' AND entity_id = $1`, [server.ids['billing@example.com']]);
    expect(reset?.actor).toBe(server.ids['admin@example.com']);
    // The password alone signs in again.
    expect((await server.api('POST', '/api/auth/login', { body: { email: 'billing@example.com', password: 'switchboard' } })).status).toBe(200);
    expect(admin.problems).toEqual([]);
    await page.close();
  });
});
