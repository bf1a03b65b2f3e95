/**
 * The admin's Settings screen in Chromium (the built console through the web host, a real
 * server): the affiliate program's settings below the life-cycle ones, a bad value refused
 * beside its field by the shared rules with nothing saved, a good one saved on the server
 * (audited) and shown again after a reload. axe finds nothing serious.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultAffiliateSettings } from '../../src/shared/affiliates/affiliates';
import { axeViolations } from '../support/axe';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { openScreen, reloadConsole, staffPage } from './support/dispatcherPage';

browserSuite('the Settings screen in Chromium', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    const appDir = await buildApp();
    stack = await startConsoleStack({ rendererDir: path.join(appDir, 'renderer') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const serverSettings = async () => {
    const admin = await stack.server.login('admin@example.com');
    return (await stack.server.api('GET', '/api/admin/settings/affiliate', { token: admin })).body;
  };

  it('an admin changes the affiliate program settings: a bad value refused beside its field, a good one saved and kept', async () => {
    const problems: string[] = [];
    const page = await staffPage(browser, stack, 'admin@example.com', problems);
    await openScreen(page, 'settings', 'Settings');
    const form = page.getByRole('form', { name: 'Affiliate program settings' });
    const commission = form.getByLabel('Commission (percent of the paid amount)');
    await expect.poll(() => commission.inputValue()).toBe(String(defaultAffiliateSettings.commissionPercent));
    expect(await form.getByLabel('Referral window (days)').inputValue()).toBe(String(defaultAffiliateSettings.windowDays));

    await commission.fill('0');
    await form.getByRole('button', { name: 'Save affiliate settings' }).click();
    await form.getByText('must be more than 0').waitFor();
    expect(await commission.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').textContent()).toMatch(/Not saved/);
    expect(await serverSettings()).toEqual(defaultAffiliateSettings);

    await commission.fill('12.5');
    await form.getByLabel('Referral window (days)').fill('30');
    await form.getByRole('button', { name: 'Save affiliate settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await serverSettings()).toEqual({ ...defaultAffiliateSettings, commissionPercent: 12.5, windowDays: 30 });
    const audited = await stack.server.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'settings.affiliate.update'`);
    expect(audited.length).toBe(1);

    await reloadConsole(page);
    await openScreen(page, 'settings', 'Settings');
    await expect.poll(() => commission.inputValue()).toBe('12.5');
    expect(await form.getByLabel('Referral window (days)').inputValue()).toBe('30');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
