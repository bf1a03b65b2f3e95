/**
 * Staff two-factor in the console's sign-in, in real Chromium through the web host against a
 * real server: the form asks for the code after the password, refuses a wrong one, and opens
 * the console with the right one; with two-factor required for staff, a person without it
 * sets it up in the sign-in (the QR code as an image, the key as text), gets the ten recovery
 * codes once, and the saved session still opens after a reload. The Security screen changes
 * the own password: refused with the policy's words, then the other sessions end and this
 * console stays signed in over a reload.
 */
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { reloadConsole } from './support/dispatcherPage';
import { browserSuite, chromiumPath } from '../support/chromium';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';

browserSuite('two-factor in the console sign-in (Chromium)', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  const code = (secret: string) => generate({ secret, epoch: Math.floor(stack.server.clock.now() / 1000) });

  async function signInForm(page: Page, email: string) {
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(stack.server.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    const [outDir] = await Promise.all([buildApp()]);
    stack = await startConsoleStack({ rendererDir: path.join(outDir, 'renderer') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('asks for the code after the password, refuses a wrong one and signs in with the right one', async () => {
    const s = stack.server;
    const token = await s.login('dispatcher@example.com', true);
    const { secret } = (await s.api('POST', '/api/staff/two-factor/enrol', { token })).body.enrolment;
    expect((await s.api('POST', '/api/staff/two-factor/confirm', { token, body: { code: await code(secret) } })).status).toBe(200);
    s.clock.advance(30_000);

    const page = await browser.newPage();
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(stack.server.url);
    // Staff reset a forgotten password on the server's page, as customers do.
    expect(await page.getByRole('link', { name: 'Forgot password?' }).getAttribute('href')).toBe(`${stack.server.url}/forgot-password`);
    await signInForm(page, 'dispatcher@example.com');
    const field = page.getByLabel('Two-factor code');
    await field.waitFor({ timeout: 20_000 });
    expect(await page.getByRole('alert').textContent()).toContain('6-digit code');
    const right = await code(secret);
    await field.fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('wrong, expired or used already');
    await field.fill(right);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('grid', { name: 'Dispatch inbox' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('Security screen: lists the own sessions, ends another, sets two-factor up with the QR code, and ends every session', async () => {
    const s = stack.server;
    const other = await s.api('POST', '/api/auth/login', { body: { email: 'billing@example.com', password: demoPassword }, headers: { 'user-agent': 'Old laptop' } });
    const page = await browser.newPage();
    await signInForm(page, 'billing@example.com');
    await page.getByRole('button', { name: 'Security' }).click();
    const table = page.getByRole('table', { name: 'Your sessions' });
    await table.getByText('(this console)').waitFor({ timeout: 20_000 });
    await table.getByText('Old laptop').waitFor();
    const endButtons = table.getByRole('button', { name: /^End the session/ });
    await expect.poll(() => endButtons.count()).toBeGreaterThan(0);
    const before = await endButtons.count();
    await table.getByRole('row').filter({ hasText: 'Old laptop' }).getByRole('button').click();
    await expect.poll(() => endButtons.count()).toBe(before - 1);
    expect((await s.api('GET', '/api/auth/session', { token: other.body.token })).status).toBe(401);

    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    const qr = page.getByRole('img', { name: 'QR code to scan with an authenticator app' });
    await qr.waitFor({ timeout: 20_000 });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = (await page.getByLabel('Two-factor key').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(await code(secret));
    await page.getByRole('button', { name: 'Turn two-factor on' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(), { timeout: 20_000 }).toBe(10);
    await page.getByRole('status').filter({ hasText: 'Two-factor is on. 10 recovery codes left.' }).waitFor();
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'billing@example.com', password: demoPassword } })).body.error).toBe('two_factor_required');

    await page.getByRole('button', { name: 'End every session (this console too)' }).click();
    // The sign-in form (the Security screen has password fields of its own).
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('Security screen: changes the own password; the policy refuses a weak one, the other sessions end, this console stays signed in', async () => {
    const s = stack.server;
    const password = 'sams first passphrase';
    await s.ctx.db.query(`INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('sam@example.com', 'Sam Staff', 'staff.dispatcher', $1, $2)`, [await hashPassword(password), s.clock.now()]);
    const other = await s.api('POST', '/api/auth/login', { body: { email: 'sam@example.com', password }, headers: { 'user-agent': 'Old laptop' } });
    expect(other.status).toBe(200);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(s.url);
    await page.getByLabel('Email').fill('sam@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Security' }).click({ timeout: 30_000 });
    const form = page.getByRole('form', { name: 'Change your password' });
    const alert = page.getByRole('alert').filter({ hasText: /password/i });
    const fill = async (current: string, next: string, repeat = next) => {
      await form.getByLabel('Current password').fill(current);
      await form.getByLabel('New password', { exact: true }).fill(next);
      await form.getByLabel('Repeat new password').fill(repeat);
      await form.getByRole('button', { name: 'Change password' }).click();
    };
    // Checked before sending: too short, not repeated alike.
    await fill(password, 'short');
    await alert.filter({ hasText: 'New password: ' }).waitFor();
    await fill(password, 'a new passphrase for sam', 'a new passphrase for Sam');
    await alert.filter({ hasText: 'does not match' }).waitFor();
    // The server's refusals: a wrong current one, a common one.
    await fill('not my password', 'a new passphrase for sam');
    await alert.filter({ hasText: 'not your current password' }).waitFor({ timeout: 20_000 });
    await fill(password, 'password1234');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toMatch(/newPassword/);
    expect((await s.api('GET', '/api/auth/session', { token: other.body.token })).status).toBe(200);

    await fill(password, 'a new passphrase for sam');
    await page.getByRole('status').filter({ hasText: 'Your password is changed. 1 other session has ended; this console stays signed in.' }).waitFor({ timeout: 20_000 });
    expect((await s.api('GET', '/api/auth/session', { token: other.body.token })).status).toBe(401);
    const table = page.getByRole('table', { name: 'Your sessions' });
    await expect.poll(() => table.getByText('Old laptop').count(), { timeout: 20_000 }).toBe(0);
    const [audit] = await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE a.action = 'auth.password.change' AND u.email = 'sam@example.com'`);
    expect(audit!.n).toBe(1);
    // This console's session lives on, over a restart of the window too.
    await reloadConsole(page);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'sam@example.com', password } })).status).toBe(401);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'sam@example.com', password: 'a new passphrase for sam' } })).status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sets two-factor up in the sign-in when the admin requires it, shows the recovery codes once, and keeps the session over a reload', async () => {
    const s = stack.server;
    const admin = await s.login('admin@example.com', true);
    const { secret: adminSecret } = (await s.api('POST', '/api/staff/two-factor/enrol', { token: admin })).body.enrolment;
    await s.api('POST', '/api/staff/two-factor/confirm', { token: admin, body: { code: await code(adminSecret) } });
    expect((await s.api('PUT', '/api/admin/settings/two-factor', { token: admin, body: { requiredForStaff: true } })).status).toBe(200);

    const page = await browser.newPage();
    await signInForm(page, 'engineer@example.com');
    const qr = page.getByRole('img', { name: 'QR code to scan with an authenticator app' });
    await qr.waitFor({ timeout: 20_000 });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = (await page.getByLabel('Two-factor key').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Two-factor code').fill(await code(secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count(), { timeout: 20_000 }).toBe(10);
    const first = (await codes.first().textContent())!.trim();
    expect(first).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2}$/);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
    // A saved session survives a restart of the window, as without two-factor.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Two-factor code').count()).toBe(0);
    // The recovery code shown works once at the API.
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'engineer@example.com', password: demoPassword, code: first } })).status).toBe(200);
    await page.close();
  });
});
