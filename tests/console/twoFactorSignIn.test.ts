/**
 * Staff two-factor in the console's sign-in, in real Chromium through the web host against a
 * real server: the form asks for the code after the password, refuses a wrong one, and opens
 * the console with the right one; with two-factor required for staff, a person without it
 * sets it up in the sign-in (the QR code as an image, the key as text), gets the ten recovery
 * codes once, and the saved session still opens after a reload.
 */
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword } from '../../src/server/seed/demoAccounts';
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
    await page.getByLabel('Password').waitFor({ timeout: 20_000 });
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
