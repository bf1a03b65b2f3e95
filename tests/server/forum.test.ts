/**
 * The forum (issue 22), on PGlite and PostgreSQL: admins keep the categories through pushed
 * mutations; primary and secondary customers start threads and reply in the portal's routes,
 * staff answer through the push path and their posts are marked; staff moderate (hide, lock,
 * move, pin) with the reason kept and shown to staff only; hidden posts and threads never
 * reach customers, not even through search; the per-user posting limit answers 429 naming the
 * limit; bad input is a 400 naming the field with nothing written; hostile text comes back as
 * the inert text it is. Lists page by keyset beyond 100 threads: every thread once, pinned
 * first, ties by id; a bad cursor is a 400 naming `query.cursor`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForumCategoryList, ForumThreadList, ForumThreadPage } from '../../src/shared/forum/forum';
import { addCustomerAccount } from '../support/customerAccount';
import { backends, startTestServer, type TestServer } from '../support/testServer';

type Result = { status: 'applied' | 'rejected'; error: { code: string; message: string; field?: string } | null };

describe.each(backends)('forum on %s', (backend) => {
  let s: TestServer;
  let admin: string;
  let engineer: string;
  let billing: string;
  let primary: string;
  let secondary: string;
  let pushes = 0;
  let refs = 0;
  const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await s.ctx.db.query<T>(text, params))[0]!;
  const count = async (table: string) => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;
  const ref = () => `forum-${backend}-${++refs}-ref`;

  async function push(token: string, name: string, args: unknown): Promise<Result> {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `forum-test-${backend}-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    return res.body.results[0] as Result;
  }
  const applied = async (token: string, name: string, args: unknown) => expect(await push(token, name, args), name).toMatchObject({ status: 'applied' });

  const categories = async (token: string) => (await s.api<ForumCategoryList>('GET', '/api/forum/categories', { token })).body;
  const threads = async (token: string, categoryId: number) => s.api<ForumThreadList>('GET', `/api/forum/categories/${categoryId}/threads`, { token });
  const thread = async (token: string, threadId: number) => s.api<ForumThreadPage>('GET', `/api/forum/threads/${threadId}`, { token });
  const search = async (token: string, q: string) => (await s.api<ForumThreadList>('GET', `/api/forum/search?q=${encodeURIComponent(q)}`, { token })).body.threads.map((t) => t.id);
  const startThread = (token: string, body: Record<string, unknown>) => s.api('POST', '/api/forum/threads', { token, body });
  const replyTo = (token: string, threadId: number, body: Record<string, unknown>) => s.api('POST', `/api/forum/threads/${threadId}/posts`, { token, body });

  async function category(name: string): Promise<number> {
    await applied(admin, 'forumCategory.create', { name, description: `About ${name}` });
    return (await categories(admin)).categories.find((c) => c.name === name)!.id;
  }
  async function newThread(token: string, categoryId: number, title: string, body = 'How do I do this?'): Promise<{ threadId: number; postId: number }> {
    const res = await startThread(token, { categoryId, title, body, clientRef: ref() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await s.login('admin@example.com');
    engineer = await s.login('engineer@example.com');
    billing = await s.login('billing@example.com');
    primary = await s.login('customer@example.com');
    secondary = await s.login('webmaster@example.com');
    // A limit none of the tests but the limit's own reaches.
    await applied(admin, 'forum.setSettings', { postsPerHour: 100 });
  });
  afterAll(() => s.close());

  it('admins keep the categories; other staff and customers may not; a duplicate name is refused naming the field', async () => {
    const id = await category('Installation');
    expect(await push(billing, 'forumCategory.create', { name: 'Billing talk' })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(await push(engineer, 'forumCategory.setArchived', { categoryId: id, archived: true })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(await push(engineer, 'forum.setSettings', { postsPerHour: 1 })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    // Customers have no push path at all.
    expect((await s.api('POST', '/api/sync/push', { token: primary, body: { clientId: 'forum-customer', mutations: [{ id: 1, name: 'forumCategory.create', args: { name: 'Mine' } }] } })).status).toBe(403);
    expect(await push(admin, 'forumCategory.create', { name: 'installation' })).toMatchObject({ status: 'rejected', error: { code: 'forum_category_exists', field: 'args.name' } });
    expect(await push(admin, 'forumCategory.create', { name: '  ' })).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field: 'args.name' } });

    await applied(admin, 'forumCategory.update', { categoryId: id, description: 'Setting the software up' });
    const seen = (await categories(primary)).categories.find((c) => c.id === id);
    expect(seen).toMatchObject({ name: 'Installation', description: 'Setting the software up', archived: false });

    // Archived: gone for customers, kept for staff, takes no new threads.
    const old = await category('Old versions');
    await applied(admin, 'forumCategory.setArchived', { categoryId: old, archived: true });
    expect((await categories(primary)).categories.some((c) => c.id === old)).toBe(false);
    expect((await categories(engineer)).categories.find((c) => c.id === old)).toMatchObject({ archived: true });
    expect((await threads(primary, old)).status).toBe(404);
    expect(await startThread(primary, { categoryId: old, title: 'Still here?', body: 'x' })).toMatchObject({ status: 400, body: { error: 'category_archived', field: 'body.categoryId' } });

    const audited = await s.ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'forum_category' AND entity_id = $1 ORDER BY id`, [id]);
    expect(audited.map((a) => a.action)).toEqual(['forum.category.create', 'forum.category.update']);
  });

  it('a primary user starts a thread, the secondary user replies, a staff answer is marked as such', async () => {
    const cat = await category('Payments');
    const { threadId } = await newThread(primary, cat, 'Checkout fails with PayPal', 'Since the upgrade the checkout page says **error 42**.');
    const fromSecondary = await replyTo(secondary, threadId, { body: 'Same here on our shop.', clientRef: ref() });
    expect(fromSecondary.status, JSON.stringify(fromSecondary.body)).toBe(200);
    await applied(engineer, 'forum.reply', { threadId, body: 'Update the PayPal module to 4.2: it fixes error 42.', quotePostId: fromSecondary.body.postId });

    const page = (await thread(secondary, threadId)).body;
    expect(page.posts.map((p) => [p.author.name, p.author.staff, p.opening])).toEqual([
      ['Carla Customer', false, true],
      ['Walt Webmaster', false, false],
      ['Eric Engineer', true, false],
    ]);
    expect(page.posts[2]).toMatchObject({ author: { staff: true }, quotePostId: fromSecondary.body.postId, mine: false, hidden: null });
    expect(page.posts[1]).toMatchObject({ mine: true });
    expect(page.thread).toMatchObject({ title: 'Checkout fails with PayPal', replyCount: 2, staffAnswered: true, locked: false, lockReason: null });
    expect(page.moderation).toEqual([]);

    // The category's list and the search show it; search looks into replies too.
    expect((await threads(primary, cat)).body.threads.map((t) => t.id)).toContain(threadId);
    expect(await search(primary, 'paypal')).toContain(threadId);
    expect(await search(primary, 'module')).toContain(threadId);
    expect(await search(primary, 'nonexistentword')).toEqual([]);
    // Search syntax never fails: quotes, operators and punctuation alone are just no match.
    for (const q of ['"checkout fails"', '-paypal', '!!! & | < :*', "'; DROP TABLE forum_posts; --"]) {
      expect((await s.api('GET', `/api/forum/search?q=${encodeURIComponent(q)}`, { token: primary })).status, q).toBe(200);
    }
    expect(await search(primary, '"checkout fails"')).toContain(threadId);

    // Staff start threads too (announcements), marked as staff posts.
    await applied(engineer, 'forum.startThread', { categoryId: cat, title: 'Maintenance on Sunday', body: 'The file area is down 2-3 am UTC.' });
    const announcement = (await threads(secondary, cat)).body.threads.find((t) => t.title === 'Maintenance on Sunday')!;
    expect(announcement).toMatchObject({ author: { name: 'Eric Engineer', staff: true }, staffAnswered: true });

    // The same form sent twice makes one post.
    const key = ref();
    const first = await replyTo(primary, threadId, { body: 'Thanks!', clientRef: key });
    const again = await replyTo(primary, threadId, { body: 'Thanks!', clientRef: key });
    expect(again.body).toEqual({ ...first.body, created: false });
    expect((await thread(primary, threadId)).body.posts).toHaveLength(4);

    // The author edits its own post; nobody else may.
    expect((await s.api('PATCH', `/api/forum/posts/${first.body.postId}`, { token: primary, body: { body: 'Thanks, that fixed it!' } })).status).toBe(200);
    expect((await thread(primary, threadId)).body.posts[3]).toMatchObject({ body: 'Thanks, that fixed it!', editedAt: expect.any(Number) });
    expect(await s.api('PATCH', `/api/forum/posts/${first.body.postId}`, { token: secondary, body: { body: 'hijacked' } })).toMatchObject({ status: 400, body: { error: 'not_your_post', field: 'params.postId' } });
    // Staff post through the console's push path, not the portal's routes.
    expect((await startThread(engineer, { categoryId: cat, title: 'x', body: 'y' })).status).toBe(403);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const cat = await category('Bad input');
    const other = await newThread(primary, cat, 'Another thread');
    const { threadId } = await newThread(primary, cat, 'A thread');
    const before = { threads: await count('forum_threads'), posts: await count('forum_posts') };
    const cases: Array<[Promise<{ status: number; body: any }>, string]> = [
      [startThread(primary, { categoryId: cat, title: '   ', body: 'x' }), 'body.title'],
      [startThread(primary, { categoryId: cat, title: 'x'.repeat(201), body: 'x' }), 'body.title'],
      [startThread(primary, { categoryId: cat, title: 'Fine', body: '' }), 'body.body'],
      [startThread(primary, { categoryId: cat, title: 'Fine', body: 'x'.repeat(20_001) }), 'body.body'],
      [startThread(primary, { categoryId: 999_999, title: 'Fine', body: 'x' }), 'body.categoryId'],
      [startThread(primary, { categoryId: 'general', title: 'Fine', body: 'x' }), 'body.categoryId'],
      [startThread(primary, { categoryId: cat, title: 'Fine\u0000', body: 'x' }), 'body.title'],
      [startThread(primary, { categoryId: cat, title: 'Fine', body: 'x', extra: 1 }), 'body'],
      [replyTo(primary, threadId, { body: 'quoting another thread', quotePostId: other.postId }), 'body.quotePostId'],
      [replyTo(primary, threadId, { body: 'quoting nothing', quotePostId: 999_999 }), 'body.quotePostId'],
      [replyTo(primary, threadId, { body: ' ' }), 'body.body'],
      [s.api('POST', '/api/forum/threads/abc/posts', { token: primary, body: { body: 'x' } }), 'params.threadId'],
      [s.api('PATCH', `/api/forum/posts/${other.postId}`, { token: secondary, body: { body: 'not mine' } }), 'params.postId'],
      [s.api('PATCH', '/api/forum/posts/999999', { token: primary, body: { body: 'nothing' } }), 'params.postId'],
      [s.api('GET', `/api/forum/search?q=${'x'.repeat(201)}`, { token: primary }), 'query.q'],
    ];
    for (const [request, field] of cases) {
      const res = await request;
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.field, JSON.stringify(res.body)).toBe(field);
      expect(res.body.message).toContain(field);
    }
    expect(await replyTo(primary, 999_999, { body: 'x' })).toMatchObject({ status: 404, body: { field: 'params.threadId' } });
    expect(await push(engineer, 'forum.reply', { threadId, body: 'x', quotePostId: other.postId })).toMatchObject({ status: 'rejected', error: { code: 'unknown_post', field: 'args.quotePostId' } });
    expect(await push(engineer, 'forum.setLocked', { threadId, locked: true, reason: ' ' })).toMatchObject({ status: 'rejected', error: { field: 'args.reason' } });
    expect(await push(engineer, 'forum.move', { threadId, categoryId: 999_999, reason: 'tidy' })).toMatchObject({ status: 'rejected', error: { code: 'unknown_category', field: 'args.categoryId' } });
    expect({ threads: await count('forum_threads'), posts: await count('forum_posts') }).toEqual(before);
  });

  it('moderation: a hidden post or thread is gone for customers, search included; staff see it with the reason', async () => {
    const cat = await category('Moderation');
    const { threadId } = await newThread(primary, cat, 'Discounts on licenses?');
    const spam = await replyTo(secondary, threadId, { body: 'Buy cheap watches at spamword-shop', clientRef: ref() });
    await applied(engineer, 'forum.setPostHidden', { postId: spam.body.postId, hidden: true, reason: 'Advertising' });

    const forCustomer = (await thread(primary, threadId)).body;
    expect(forCustomer.posts.map((p) => p.id)).not.toContain(spam.body.postId);
    expect(forCustomer.thread.replyCount).toBe(0);
    expect(forCustomer.moderation).toEqual([]);
    expect(JSON.stringify(forCustomer)).not.toContain('Advertising');
    expect(await search(primary, 'spamword')).toEqual([]);
    expect(await search(engineer, 'spamword')).toEqual([threadId]);
    // Quoting a hidden post is quoting nothing, for a customer.
    expect(await replyTo(primary, threadId, { body: 'x', quotePostId: spam.body.postId })).toMatchObject({ status: 400, body: { field: 'body.quotePostId' } });

    const forStaff = (await thread(admin, threadId)).body;
    expect(forStaff.posts.find((p) => p.id === spam.body.postId)).toMatchObject({ hidden: { reason: 'Advertising', byName: 'Eric Engineer' } });
    expect(forStaff.moderation).toEqual([expect.objectContaining({ action: 'hide', reason: 'Advertising', postId: spam.body.postId, byName: 'Eric Engineer' })]);

    // Hiding the opening post hides the whole thread: list, page and search.
    const opening = forStaff.posts[0]!.id;
    await applied(engineer, 'forum.setPostHidden', { postId: opening, hidden: true, reason: 'Duplicate of the pricing FAQ' });
    expect((await threads(primary, cat)).body.threads.map((t) => t.id)).not.toContain(threadId);
    expect((await thread(secondary, threadId)).status).toBe(404);
    expect(await search(primary, 'discounts')).toEqual([]);
    expect((await replyTo(primary, threadId, { body: 'hello?' })).status).toBe(404);
    expect((await threads(engineer, cat)).body.threads.find((t) => t.id === threadId)).toMatchObject({ hidden: true });
    expect((await categories(primary)).categories.find((c) => c.id === cat)!.threadCount).toBe(0);

    // Shown again: back for customers, the history keeps every step.
    await applied(engineer, 'forum.setPostHidden', { postId: opening, hidden: false, reason: 'Not a duplicate after all' });
    expect((await thread(primary, threadId)).status).toBe(200);
    expect((await thread(engineer, threadId)).body.moderation.map((m) => [m.action, m.reason])).toEqual([
      ['hide', 'Advertising'], ['hide', 'Duplicate of the pricing FAQ'], ['show', 'Not a duplicate after all'],
    ]);
  });

  it('moderation: a locked thread refuses customer replies (409 naming why), pinned threads come first, a move keeps its reason', async () => {
    const cat = await category('Locks and pins');
    const elsewhere = await category('Elsewhere');
    const first = await newThread(primary, cat, 'First thread');
    s.clock.advance(1000);
    const second = await newThread(secondary, cat, 'Second thread');
    expect((await threads(primary, cat)).body.threads.map((t) => t.id)).toEqual([second.threadId, first.threadId]);

    await applied(engineer, 'forum.setLocked', { threadId: first.threadId, locked: true, reason: 'Answered in the FAQ' });
    const refused = await replyTo(secondary, first.threadId, { body: 'One more thing' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'thread_locked', field: 'params.threadId' } });
    expect(refused.body.message).toMatch(/locked/);
    expect(await s.api('PATCH', `/api/forum/posts/${first.postId}`, { token: primary, body: { body: 'edited' } })).toMatchObject({ status: 409, body: { error: 'thread_locked' } });
    // Staff may still answer under a lock.
    await applied(engineer, 'forum.reply', { threadId: first.threadId, body: 'See the FAQ article on upgrades.' });
    expect((await thread(primary, first.threadId)).body.thread).toMatchObject({ locked: true, lockReason: null });
    expect((await thread(engineer, first.threadId)).body.thread).toMatchObject({ locked: true, lockReason: 'Answered in the FAQ' });

    await applied(engineer, 'forum.setPinned', { threadId: first.threadId, pinned: true, reason: 'Everyone asks this' });
    expect((await threads(primary, cat)).body.threads.map((t) => [t.id, t.pinned])).toEqual([[first.threadId, true], [second.threadId, false]]);

    await applied(engineer, 'forum.move', { threadId: second.threadId, categoryId: elsewhere, reason: 'Off topic here' });
    expect((await threads(primary, cat)).body.threads.map((t) => t.id)).toEqual([first.threadId]);
    expect((await threads(primary, elsewhere)).body.threads.map((t) => t.id)).toEqual([second.threadId]);
    expect((await thread(engineer, second.threadId)).body.moderation).toEqual([
      expect.objectContaining({ action: 'move', reason: 'Off topic here', details: { fromCategoryId: cat, toCategoryId: elsewhere } }),
    ]);

    await applied(engineer, 'forum.setLocked', { threadId: first.threadId, locked: false, reason: 'Reopened for follow-ups' });
    expect((await replyTo(secondary, first.threadId, { body: 'One more thing' })).status).toBe(200);
  });

  it('the posting limit: a 429 naming the limit, per user, counted over the last hour; staff are not limited', async () => {
    const cat = await category('Limited');
    await applied(admin, 'forum.setSettings', { postsPerHour: 3 });
    try {
      const other = await addCustomerAccount(s, 'Limit Shop', `limit-${backend}@example.com`);
      const { threadId } = await newThread(other.token, cat, 'Limit thread');
      s.clock.advance(60_000);
      expect((await replyTo(other.token, threadId, { body: 'two' })).status).toBe(200);
      // The last allowed post and one more sent at once: one of them gets through.
      const racing = await Promise.all([replyTo(other.token, threadId, { body: 'three' }), replyTo(other.token, threadId, { body: 'four' })]);
      expect(racing.map((r) => r.status).sort()).toEqual([200, 429]);
      const refused = racing.find((r) => r.status === 429)!;
      expect(refused.body).toMatchObject({ error: 'posting_limit' });
      expect(refused.body.message).toContain('at most 3 forum posts per hour');
      expect(refused.body.message).toMatch(/again in 59 minutes/);
      expect((await startThread(other.token, { categoryId: cat, title: 'New', body: 'x' })).status).toBe(429);
      // Per user: another customer still posts; staff are not limited.
      const neighbour = await addCustomerAccount(s, 'Neighbour Shop', `neighbour-${backend}@example.com`);
      expect((await replyTo(neighbour.token, threadId, { body: 'mine' })).status).toBe(200);
      for (let i = 0; i < 4; i++) await applied(engineer, 'forum.reply', { threadId, body: `staff ${i}` });
      // An hour after the first post, one more is allowed.
      s.clock.advance(59 * 60_000);
      expect((await replyTo(other.token, threadId, { body: 'later' })).status).toBe(200);
      expect((await replyTo(other.token, threadId, { body: 'too soon' })).status).toBe(429);
      expect((await categories(other.token)).settings).toEqual({ postsPerHour: 3 });
    } finally {
      await applied(admin, 'forum.setSettings', { postsPerHour: 100 });
    }
    expect(await push(admin, 'forum.setSettings', { postsPerHour: 0 })).toMatchObject({ status: 'rejected', error: { field: 'args.postsPerHour' } });
  });

  it('pages a category of 150 threads and their search results: every thread once, pinned first, ties in a stable order; a bad cursor is a 400 naming the field', async () => {
    const cat = await category('Paging');
    // 150 staff threads in one push (staff are not limited), all at one moment: last activity ties everywhere.
    const res = await s.api('POST', '/api/sync/push', {
      token: engineer,
      body: { clientId: `forum-paging-${backend}`, mutations: Array.from({ length: 150 }, (_, n) => ({ id: n + 1, name: 'forum.startThread', args: { categoryId: cat, title: `Paging question ${n + 1}`, body: 'keysetpaging body' } })) },
    });
    expect(res.status).toBe(200);
    expect(res.body.results.filter((r: Result) => r.status !== 'applied')).toEqual([]);
    // Spread the last activity into seven groups of ties; pin three threads, one of them in each of two groups.
    await s.ctx.db.query('UPDATE forum_threads SET last_post_at = last_post_at - (id % 7) * 1000 WHERE category_id = $1', [cat]);
    const ids = (await s.ctx.db.query<{ id: number }>('SELECT id FROM forum_threads WHERE category_id = $1 ORDER BY id', [cat])).map((r) => r.id);
    const pinned = [ids[3]!, ids[77]!, ids[140]!];
    for (const threadId of pinned) await applied(engineer, 'forum.setPinned', { threadId, pinned: true, reason: 'Paging test' });
    const expected = (await s.ctx.db.query<{ id: number }>('SELECT id FROM forum_threads WHERE category_id = $1 ORDER BY pinned DESC, last_post_at DESC, id DESC', [cat])).map((r) => r.id);

    const walk = async (token: string, url: (cursor: string | null) => string) => {
      const seen: number[][] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: ForumThreadList } = await s.api<ForumThreadList>('GET', url(cursor), { token });
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        seen.push(page.body.threads.map((t) => t.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null && seen.length < 10);
      return seen;
    };
    for (const token of [primary, engineer]) {
      const pages = await walk(token, (c) => `/api/forum/categories/${cat}/threads${c ? `?cursor=${encodeURIComponent(c)}` : ''}`);
      expect(pages.map((p) => p.length)).toEqual([100, 50]);
      const all = pages.flat();
      expect(new Set(all).size).toBe(150);
      expect(all).toEqual(expected);
      expect(all.slice(0, 3).sort()).toEqual([...pinned].sort());
    }

    // Search results page the same way, latest first (pinned or not), ties by id.
    const expectedFound = (await s.ctx.db.query<{ id: number }>('SELECT id FROM forum_threads WHERE category_id = $1 ORDER BY last_post_at DESC, id DESC', [cat])).map((r) => r.id);
    const found = await walk(primary, (c) => `/api/forum/search?q=keysetpaging&categoryId=${cat}${c ? `&cursor=${encodeURIComponent(c)}` : ''}`);
    expect(found.map((p) => p.length)).toEqual([100, 50]);
    expect(found.flat()).toEqual(expectedFound);

    // A thread that gains a reply between two pages moves to the top; the walk still shows no thread twice.
    const first = await threads(primary, cat);
    s.clock.advance(1000);
    const moved = first.body.threads[50]!.id;
    await applied(engineer, 'forum.reply', { threadId: moved, body: 'A late answer' });
    const second = await s.api<ForumThreadList>('GET', `/api/forum/categories/${cat}/threads?cursor=${encodeURIComponent(first.body.nextCursor!)}`, { token: primary });
    expect(second.body.threads.map((t) => t.id).filter((id) => first.body.threads.some((t) => t.id === id))).toEqual([]);

    for (const bad of ['nonsense', '2.1.1', '1.-5.3', '0.1.0', '1.1.1.1', 'x'.repeat(41)]) {
      const r = await s.api('GET', `/api/forum/categories/${cat}/threads?cursor=${encodeURIComponent(bad)}`, { token: primary });
      expect(r, bad).toMatchObject({ status: 400, body: { field: 'query.cursor' } });
      expect(await s.api('GET', `/api/forum/search?q=keysetpaging&cursor=${encodeURIComponent(bad)}`, { token: primary }), bad).toMatchObject({ status: 400, body: { field: 'query.cursor' } });
    }
  });

  it('keeps hostile text as the inert text it is, in JSON only', async () => {
    const cat = await category('Hostile');
    const hostile = '<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)> <a href="javascript:alert(4)">x</a>';
    const { threadId } = await newThread(primary, cat, '<b>bold</b> <script>alert("title")</script>', hostile);
    const res = await fetch(`${s.url}/api/forum/threads/${threadId}`, { headers: { authorization: `Bearer ${primary}` } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const page = (await res.json()) as ForumThreadPage;
    expect(page.thread.title).toBe('<b>bold</b> <script>alert("title")</script>');
    expect(page.posts[0]!.body).toBe(hostile);
  });
});
