/**
 * A dispatcher's page on a console stack in Chromium, signed in through the form, and the
 * palette's way to a ticket by number: shared by the Chromium tests of the console's screens.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import type { ConsoleStack } from './consoleStack';

const live = { timeout: 20_000 };

/** A fresh page signed in through the form as a demo staff member, its page errors collected into `problems`. */
export async function staffPage(browser: Browser, stack: Pick<ConsoleStack, 'web' | 'server'>, email: string, problems: string[], opts: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await browser.newPage(opts.viewport ? { viewport: opts.viewport } : {});
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(stack.web.url);
  await page.getByLabel('Server URL').fill(stack.server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('switchboard');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
  return page;
}

/** A fresh page on the web host whose console core is signed in already (an earlier test's sign-in), its page errors collected into `problems`. */
export async function signedInPage(browser: Browser, stack: ConsoleStack, problems: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(stack.web.url);
  await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
  return page;
}

/** A fresh page signed in as the dispatcher. */
export async function dispatcherPage(browser: Browser, stack: ConsoleStack, problems: string[]): Promise<Page> {
  const page = await staffPage(browser, stack, 'dispatcher@example.com', problems, { viewport: { width: 1440, height: 900 } });
  await page.getByRole('grid', { name: 'Dispatch inbox' }).waitFor(live);
  return page;
}

/** Reloads the window, as a restart of the console does, and waits until it is signed in again and takes keys. */
export async function reloadConsole(p: Page): Promise<void> {
  await p.reload();
  await p.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });
}

/** Opens a screen from the command palette by the words typed (e.g. "catalogue"); waits for its heading. */
export async function openScreen(p: Page, words: string, heading: RegExp | string): Promise<void> {
  await p.keyboard.press('Control+k');
  await p.getByRole('combobox', { name: 'Command' }).fill(words);
  await p.keyboard.press('Enter');
  await p.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Opens a ticket from the command palette by its number. */
export async function openByNumber(p: Page, number: number): Promise<void> {
  await p.keyboard.press('Escape');
  await p.keyboard.press('Control+k');
  await p.getByRole('combobox', { name: 'Command' }).fill(`#${number}`);
  await p.keyboard.press('Enter');
  await p.locator('#ticket-title').getByText(`#${number}`).waitFor(live);
}

/** The accessible names of a queue grid's column headers, in order. */
export const columnHeaders = (grid: Locator): Promise<string[]> =>
  grid.getByRole('columnheader').evaluateAll((hs) => hs.map((h) => (h as unknown as { getAttribute(n: string): string }).getAttribute('aria-label')));
