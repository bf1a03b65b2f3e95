/**
 * The forum in Chromium (issue 22): a customer finds Forum in the navigation, starts a thread
 * whose text is hostile (a script tag, a javascript: link, raw HTML) and sees it rendered
 * inert; a staff answer pushed from the console shows marked "Staff"; the secondary user
 * replies; a locked thread offers no reply form and says why; search finds the thread; a
 * category of more than a page of threads shows the rest with "Load more threads". Every
 * forum page is axe clean.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { axeViolations } from '../support/axe';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type PortalStack } from './support/portalStack';

browserSuite('forum, in Chromium', () => {
  let stack: PortalStack;
  let engineer: string;
  let admin: string;
  let pushes = 0;
  const push = async (name: string, args: unknown, token = engineer) => {
    const res = await stack.server.api('POST', '/api/sync/push', { token, body: { clientId: `forum-chromium-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.body.results[0], name).toMatchObject({ status: 'applied' });
  };

  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 20 });
    engineer = await stack.server.login('engineer@example.com');
    admin = await stack.server.login('admin@example.com');
  }, 240_000);
  afterAll(() => stack?.close());

  it('a customer starts a thread, the staff answer shows marked, the secondary user replies, a lock stops replies', async () => {
    const c = await stack.open('forum-customer', demoCustomer.email);
    const dialogs: string[] = [];
    c.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Forum' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Forum' }).waitFor();
    await c.page.getByRole('list', { name: 'Forum categories' }).getByRole('link', { name: 'Installation and upgrades' }).waitFor();
    const findings: Record<string, string[]> = { '/forum': await axeViolations(c.page) };

    await c.page.getByRole('link', { name: 'New thread' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'New thread' }).waitFor();
    const form = c.page.getByRole('form', { name: 'New thread' });
    // Sent empty: each field says what it needs, beside it.
    await form.getByRole('button', { name: 'Post thread' }).click();
    await form.getByText('Type in a title.').waitFor();
    findings['/forum/new (refused)'] = await axeViolations(c.page);
    await form.getByLabel('Category').selectOption({ label: 'Installation and upgrades' });
    await form.getByLabel('Title').fill('Upgrade to 4.7 <script>alert("title")</script>');
    await form.getByLabel('Message').fill(
      'The upgrade stops with **error 42**.\n\n<script>alert("body")</script> <img src=x onerror="alert(\'img\')"> [a trap](javascript:alert(\'link\')) <a href="javascript:alert(1)">raw link</a>',
    );
    await form.getByRole('button', { name: 'Post thread' }).click();
    await c.page.waitForURL(/\/forum\/threads\/\d+$/);
    const threadId = Number(c.page.url().split('/').at(-1));
    await c.page.getByRole('heading', { level: 1, name: 'Upgrade to 4.7 <script>alert("title")</script>' }).waitFor();
    const opening = c.page.getByRole('article', { name: /^Post by Carla Customer/ });
    await opening.locator('strong', { hasText: 'error 42' }).waitFor();
    // Hostile text is inert: the tags show as text, nothing ran, no link points at javascript:.
    await opening.getByText('<script>alert("body")</script>', { exact: false }).waitFor();
    expect(await c.page.locator('article script, article img, article [onerror]').count()).toBe(0);
    expect(await c.page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await opening.getByRole('link', { name: 'a trap' }).count()).toBe(0);
    expect(dialogs).toEqual([]);

    // A staff answer from the console (the push path), marked as such.
    await push('forum.reply', { threadId, body: 'Run the **upgrade wizard** again after clearing the cache.' });
    await c.page.reload();
    const answer = c.page.getByRole('article', { name: /^Staff answer by Eric Engineer/ });
    await answer.getByText('Staff', { exact: true }).waitFor();
    await answer.locator('strong', { hasText: 'upgrade wizard' }).waitFor();
    expect(await c.page.getByRole('article', { name: /^Staff answer/ }).count()).toBe(1);
    findings['/forum/threads/:id'] = await axeViolations(c.page);

    // The secondary user takes part too.
    const w = await stack.open('forum-secondary', demoSecondary.email);
    await w.page.goto(`${stack.url}/forum/threads/${threadId}`);
    await w.page.getByRole('article', { name: /^Staff answer by Eric Engineer/ }).waitFor();
    await w.page.getByLabel('Your reply').fill('That worked for our shop, thanks.');
    await w.page.getByRole('button', { name: 'Post reply' }).click();
    await w.page.getByRole('status').filter({ hasText: 'Your reply was posted.' }).waitFor();
    await w.page.getByRole('article', { name: /^Post by Walt Webmaster/ }).getByText('That worked for our shop, thanks.').waitFor();

    // Past the posting limit the form says which limit, and keeps the draft.
    await push('forum.setSettings', { postsPerHour: 1 }, admin);
    await w.page.getByLabel('Your reply').fill('And one more thing.');
    await w.page.getByRole('button', { name: 'Post reply' }).click();
    await w.page.getByRole('alert').filter({ hasText: 'posting limit reached: at most 1 forum post per hour' }).waitFor();
    expect(await w.page.getByLabel('Your reply').inputValue()).toBe('And one more thing.');
    await push('forum.setSettings', { postsPerHour: 10 }, admin);

    // The category lists it with the staff answer noted; search finds it by a word of a reply.
    await c.page.goto(`${stack.url}/forum`);
    await c.page.getByRole('list', { name: 'Forum categories' }).getByRole('link', { name: 'Installation and upgrades' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Installation and upgrades' }).waitFor();
    const row = c.page.getByRole('listitem').filter({ hasText: 'Upgrade to 4.7' });
    await row.getByText('Staff answered').waitFor();
    await row.getByText('2 replies', { exact: false }).waitFor();
    findings['/forum/categories/:id'] = await axeViolations(c.page);
    await c.page.goto(`${stack.url}/forum`);
    await c.page.getByRole('searchbox', { name: 'Search the forum' }).fill('wizard');
    await c.page.getByRole('button', { name: 'Search' }).click();
    await c.page.waitForURL(`${stack.url}/forum?q=wizard`);
    await c.page.getByRole('list', { name: 'Threads found' }).getByRole('link', { name: /Upgrade to 4\.7/ }).waitFor();
    findings['/forum?q='] = await axeViolations(c.page);

    // Locked by staff: no reply form, and the reason it takes none.
    await push('forum.setLocked', { threadId, locked: true, reason: 'Solved' });
    await w.page.reload();
    await w.page.getByText('This thread is locked by the moderators: it takes no more replies.').waitFor();
    expect(await w.page.getByLabel('Your reply').count()).toBe(0);
    findings['/forum/threads/:id (locked)'] = await axeViolations(w.page);

    expect(Object.entries(findings).filter(([, v]) => v.length)).toEqual([]);
    expect([...c.problems, ...w.problems]).toEqual([]);
    expect(dialogs).toEqual([]);
    await c.close();
    await w.close();
  }, 120_000);

  it('a category of 130 threads shows 100, then the rest with Load more threads, each once, pinned first', async () => {
    const res = await stack.server.api('POST', '/api/sync/push', { token: admin, body: { clientId: `forum-chromium-paging-cat`, mutations: [{ id: 1, name: 'forumCategory.create', args: { name: 'Busy category' } }] } });
    expect(res.body.results[0]).toMatchObject({ status: 'applied' });
    const cats = await stack.server.api('GET', '/api/forum/categories', { token: admin });
    const categoryId = (cats.body.categories as Array<{ id: number; name: string }>).find((c) => c.name === 'Busy category')!.id;
    const started = await stack.server.api('POST', '/api/sync/push', {
      token: engineer,
      body: { clientId: 'forum-chromium-paging', mutations: Array.from({ length: 130 }, (_, n) => ({ id: n + 1, name: 'forum.startThread', args: { categoryId, title: `Busy thread ${String(n + 1).padStart(3, '0')}`, body: 'Paging' } })) },
    });
    expect(started.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual([]);
    const [oldest] = await stack.server.db.query<{ id: number }>('SELECT min(id)::int AS id FROM forum_threads WHERE category_id = $1', [categoryId]);
    await push('forum.setPinned', { threadId: oldest!.id, pinned: true, reason: 'Read this first' });

    const c = await stack.open('forum-paging', demoCustomer.email);
    await c.page.goto(`${stack.url}/forum/categories/${categoryId}`);
    await c.page.getByRole('heading', { level: 1, name: 'Busy category' }).waitFor();
    const list = c.page.getByRole('list', { name: 'Threads in Busy category' });
    const rows = list.getByRole('listitem');
    await rows.nth(99).waitFor();
    expect(await rows.count()).toBe(100);
    // The pinned (oldest) thread first.
    expect(await rows.first().getByRole('link').textContent()).toBe('Busy thread 001');
    await c.page.getByText('100 shown').waitFor();
    expect(await axeViolations(c.page)).toEqual([]);

    await c.page.getByRole('button', { name: 'Load more threads' }).click();
    await rows.nth(129).waitFor();
    await c.page.getByRole('button', { name: 'Load more threads' }).waitFor({ state: 'detached' });
    const titles = await list.getByRole('link').allTextContents();
    expect(titles).toHaveLength(130);
    expect(new Set(titles).size).toBe(130);
    expect(titles.slice().sort()).toEqual(Array.from({ length: 130 }, (_, n) => `Busy thread ${String(n + 1).padStart(3, '0')}`));
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
