/**
 * The console's Forum screen in Chromium (the built console through the web host, a real
 * server): an admin opens it from the command palette, adds a category; a customer's thread
 * (posted through the portal's route) is there; the admin hides a spam reply with a reason
 * (shown beside it, and gone for the customer), answers (a staff answer for the customer), and
 * locks the thread with a reason (kept in the history); a category of more than a page of
 * threads shows the rest with "Load more threads"; axe finds nothing serious.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ForumCategoryList, ForumThreadPage } from '../../src/shared/forum/forum';
import { axeViolations } from '../support/axe';
import { browserSuite, chromiumArgs, chromiumPath } from '../support/chromium';
import { buildApp } from './support/buildApp';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';
import { openScreen, signedInPage } from './support/dispatcherPage';

browserSuite('the Forum screen in Chromium', () => {
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

  it('an admin adds a category, hides a spam reply with its reason, answers as staff and locks the thread', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(stack.web.url);
    await page.getByLabel('Server URL').fill(stack.server.url);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('switchboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /Search or run a command/ }).waitFor({ timeout: 30_000 });

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill('forum');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Forum' }).waitFor();

    const add = page.getByRole('form', { name: 'New forum category' });
    await add.getByLabel('Name').fill('Upgrades');
    await add.getByLabel('Description').fill('Moving between versions');
    await add.getByRole('button', { name: 'Add category' }).click();
    const categories = page.getByRole('navigation', { name: 'Forum categories' });
    await categories.getByRole('button', { name: /^Upgrades/ }).waitFor();

    // A customer's thread and a spam reply, through the portal's routes.
    const customer = await stack.server.login('customer@example.com');
    const secondary = await stack.server.login('webmaster@example.com');
    const list = await stack.server.api<ForumCategoryList>('GET', '/api/forum/categories', { token: customer });
    const categoryId = list.body.categories.find((c) => c.name === 'Upgrades')!.id;
    const started = await stack.server.api('POST', '/api/forum/threads', { token: customer, body: { categoryId, title: 'Upgrade from 4.6 to 4.7', body: 'Which steps?' } });
    expect(started.status).toBe(200);
    const threadId = started.body.threadId as number;
    await stack.server.api('POST', `/api/forum/threads/${threadId}/posts`, { token: secondary, body: { body: 'Cheap watches at spam.example' } });

    // The category's list was read before the customer posted: Refresh reads it again.
    await categories.getByRole('button', { name: /^Upgrades/ }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('list', { name: 'Threads' }).getByRole('button', { name: /Upgrade from 4\.6 to 4\.7/ }).waitFor();
    // Search finds it too.
    await page.getByRole('searchbox', { name: 'Search the forum' }).fill('upgrade');
    await page.getByRole('search', { name: 'Search the forum' }).getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: 'Threads matching “upgrade”' }).waitFor();
    await page.getByRole('list', { name: 'Threads' }).getByRole('button', { name: /Upgrade from 4\.6 to 4\.7/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Upgrade from 4.6 to 4.7' }).waitFor();
    const spam = page.getByRole('listitem', { name: 'Post by Walt Webmaster' });
    await spam.getByText('Cheap watches at spam.example').waitFor();

    // Hiding needs a reason; the reason is shown beside the post.
    const moderate = page.getByRole('group', { name: 'Moderate this thread' });
    await moderate.getByLabel('Reason').fill('Advertising');
    await spam.getByRole('button', { name: 'Hide' }).click();
    await spam.getByRole('note').filter({ hasText: 'Hidden from customers by Ada Admin' }).filter({ hasText: 'Advertising' }).waitFor();

    // A staff answer.
    const answer = page.getByRole('form', { name: 'Answer in this thread' });
    await answer.getByRole('textbox').fill('Run the **upgrade wizard** from the admin area.');
    await answer.getByRole('button', { name: 'Post answer' }).click();
    await page.getByRole('listitem', { name: 'Staff answer by Ada Admin' }).locator('strong', { hasText: 'upgrade wizard' }).waitFor();

    await moderate.getByLabel('Reason').fill('Answered');
    await moderate.getByRole('button', { name: 'Lock' }).click();
    await page.getByText('locked: Answered', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Moderation history' }).getByText(/Locked · Answered$/).waitFor();

    // The customer's view: no spam, a staff answer, locked.
    const seen = (await stack.server.api<ForumThreadPage>('GET', `/api/forum/threads/${threadId}`, { token: customer })).body;
    expect(seen.posts.map((p) => [p.author.name, p.author.staff])).toEqual([['Carla Customer', false], ['Ada Admin', true]]);
    expect(seen.thread).toMatchObject({ locked: true, lockReason: null });

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('a category of 120 threads shows 100, then the rest with Load more threads, each once', async () => {
    const admin = await stack.server.login('admin@example.com');
    const made = await stack.server.api('POST', '/api/sync/push', { token: admin, body: { clientId: 'forum-console-paging-cat', mutations: [{ id: 1, name: 'forumCategory.create', args: { name: 'Crowded' } }] } });
    expect(made.body.results[0]).toMatchObject({ status: 'applied' });
    const categoryId = (await stack.server.api<ForumCategoryList>('GET', '/api/forum/categories', { token: admin })).body.categories.find((c) => c.name === 'Crowded')!.id;
    const started = await stack.server.api('POST', '/api/sync/push', {
      token: admin,
      body: { clientId: 'forum-console-paging', mutations: Array.from({ length: 120 }, (_, n) => ({ id: n + 1, name: 'forum.startThread', args: { categoryId, title: `Crowded thread ${String(n + 1).padStart(3, '0')}`, body: 'Paging' } })) },
    });
    expect(started.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual([]);

    const problems: string[] = [];
    // The console core behind the web host is still signed in as the admin.
    const page = await signedInPage(browser, stack, problems);
    await openScreen(page, 'forum', 'Forum');
    await page.getByRole('navigation', { name: 'Forum categories' }).getByRole('button', { name: /^Crowded/ }).click();
    const threads = page.getByRole('list', { name: 'Threads' }).getByRole('listitem');
    await threads.filter({ hasText: 'Crowded thread 120' }).waitFor();
    expect(await threads.count()).toBe(100);
    await page.getByRole('button', { name: 'Load more threads (100 shown)' }).click();
    await threads.nth(119).waitFor();
    await page.getByRole('button', { name: /^Load more threads/ }).waitFor({ state: 'detached' });
    const titles = await page.getByRole('list', { name: 'Threads' }).locator('strong').allTextContents();
    expect(titles.slice().sort()).toEqual(Array.from({ length: 120 }, (_, n) => `Crowded thread ${String(n + 1).padStart(3, '0')}`));
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
