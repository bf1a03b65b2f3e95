/**
 * Newsletters (issue 22) on PGlite and PostgreSQL: admins send an issue to one topic's
 * subscribers through the outbox, through a real SMTP peer; others are refused, bad input is
 * refused naming the field with nothing written; a test send reaches the admin alone; the
 * throttle lets at most its number a minute into the outbox; the one-click unsubscribe
 * (RFC 8058) of each email works without signing in, is idempotent, shows in the portal's
 * Newsletter options and in the issue's counts, and a forged or altered link is refused.
 * An issue to 5,000 subscribers goes out once each; on PostgreSQL two server processes (this
 * one and a real child process) send it together.
 */
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdminNewsletters } from '../../src/shared/newsletters/newsletters';
import { SmtpPeer, spawnServerProcess, stopServerProcess } from '../support/lifecycle';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const bulkSubscribers = Number(process.env.NEWSLETTER_SUBSCRIBERS ?? 5000);
const publicUrl = 'https://account.example.com';

describe.each(backends)('newsletters on %s', (backend) => {
  let s: TestServer;
  const peer = new SmtpPeer();
  let admin: string;
  let billing: string;
  let customer: string;
  let pushes = 0;
  let issues = 0;

  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `newsletter-test-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: 'applied' | 'rejected'; error: { code: string; message: string; field?: string } | null };
  }
  const send = (topic: string, subject: string, body = 'Hello **subscribers**.') => push(admin, 'newsletter.send', { issueKey: `issue-${backend}-${++issues}`, topic, subject, body });
  const list = async () => (await s.api<AdminNewsletters>('GET', '/api/admin/newsletters', { token: admin })).body;
  const issueBySubject = async (subject: string) => (await list()).issues.find((i) => i.subject === subject)!;
  const count = async (sql: string, params: unknown[] = []) => (await s.ctx.db.query<{ n: number }>(sql, params))[0]!.n;
  /** Accounts subscribed to `topic`, straight into the table (the 5,000 must not take minutes to make). */
  const addSubscribers = (topic: string, n: number, prefix: string) =>
    s.ctx.db.query(
      `INSERT INTO accounts (company, contact_email, created_at, newsletter)
       SELECT $3 || ' ' || g, $3 || '-' || g || '@subscribers.example', $1::bigint, ARRAY[$4::text] FROM generate_series(1, $2::int) g`,
      [s.clock.now(), n, prefix, topic],
    );
  /** A header's value, unfolded (a long one is wrapped over several lines). */
  const header = (raw: string, name: string) => new RegExp(`^${name}: ([^\\r\\n]*)`, 'im').exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
  const unsubscribeLink = (raw: string) => /^<([^>]+)>$/.exec(header(raw, 'List-Unsubscribe') ?? '')![1]!;
  const mailsOf = (subject: string) => peer.received.filter((m) => m.raw.includes(`Subject: ${subject}`));
  /** Dispatches and sends until nothing is left (this process alone). */
  async function deliverAll() {
    for (;;) {
      const d = await s.newsletterDispatcher.runDue();
      const e = await s.emailSender.runDue();
      if (d.queued + d.skipped + e.sent + e.retrying === 0) return;
    }
  }

  beforeAll(async () => {
    await peer.start();
    s = await startTestServer(backend, { config: { smtpHost: '127.0.0.1', smtpPort: peer.port, smtpFrom: 'News <news@example.com>', publicUrl } });
    admin = await s.login('admin@example.com');
    billing = await s.login('billing@example.com');
    customer = await s.login('customer@example.com');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await peer.stop();
  });

  it('only admins send; bad input is refused naming the field, with nothing written', async () => {
    for (const token of [billing, await s.login('dispatcher@example.com'), await s.login('engineer@example.com')]) {
      expect(await push(token, 'newsletter.send', { issueKey: 'not-an-admin-1', topic: 'company_news', subject: 'Hi', body: 'Hi' })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      expect(await push(token, 'newsletter.testSend', { topic: 'company_news', subject: 'Hi', body: 'Hi' })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      expect(await push(token, 'newsletter.setThrottle', { perMinute: 5 })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    }
    expect((await s.api('GET', '/api/admin/newsletters', { token: billing })).status).toBe(403);
    expect((await s.api('GET', '/api/admin/newsletters', { token: customer })).status).toBe(403);
    expect((await s.api('GET', '/api/admin/newsletters')).status).toBe(401);

    const refused = async (args: Record<string, unknown>, field: string, reason: RegExp) => {
      const r = await push(admin, 'newsletter.send', { issueKey: `bad-input-${++issues}`, topic: 'company_news', subject: 'A subject', body: 'A body', ...args });
      expect(r).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field } });
      expect(r.error!.message).toMatch(reason);
    };
    await refused({ topic: 'weather' }, 'args.topic', /must be one of company_news/);
    await refused({ subject: '   ' }, 'args.subject', /must not be empty/);
    await refused({ subject: 'x'.repeat(201) }, 'args.subject', /at most 200/);
    await refused({ body: ' \n ' }, 'args.body', /must not be empty/);
    await refused({ body: 'x'.repeat(50_001) }, 'args.body', /at most 50000/);
    await refused({ issueKey: 'no' }, 'args.issueKey', /at least 8/);
    expect(await push(admin, 'newsletter.setThrottle', { perMinute: 0 })).toMatchObject({ status: 'rejected', error: { field: 'args.perMinute' } });
    expect(await count('SELECT count(*)::int AS n FROM newsletter_issues')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM email_outbox')).toBe(0);
  });

  it('a test send reaches the admin alone, marked as a test, its markdown safe', async () => {
    const body = '# Spring release\n\nNew **features**. <script>alert(1)</script> [site](https://vendor.example) [bad](javascript:alert(1))';
    expect(await push(admin, 'newsletter.testSend', { topic: 'new_products', subject: 'Spring release', body })).toMatchObject({ status: 'applied' });
    expect(await s.emailSender.runDue()).toMatchObject({ sent: 1 });
    const [mail] = mailsOf('[Test] Spring release');
    expect(mail!.to).toEqual(['admin@example.com']);
    expect(mail!.raw).not.toMatch(/^List-Unsubscribe:/im);
    const parsed = await PostalMime.parse(mail!.raw);
    expect(parsed.html).toContain('<strong>features</strong>');
    expect(parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.html).not.toContain('<script');
    expect(parsed.html).toContain('<a href="https://vendor.example/">site</a>');
    expect(parsed.html).not.toContain('javascript:');
    expect(parsed.text).toContain('New **features**.');
    // A test is no issue: nothing in the list, nobody else mailed.
    expect((await list()).issues).toEqual([]);
  });

  it('the throttle lets at most its number a minute into the outbox, across rounds', async () => {
    await addSubscribers('minor_releases', 25, 'Throttled');
    expect(await push(admin, 'newsletter.setThrottle', { perMinute: 10 })).toMatchObject({ status: 'applied' });
    expect((await list()).perMinute).toBe(10);
    expect(await send('minor_releases', 'Patch 4.1.2')).toMatchObject({ status: 'applied' });
    const issue = await issueBySubject('Patch 4.1.2');
    expect(issue).toMatchObject({ recipients: 25, queued: 25, sent: 0, dispatched: false });

    expect(await s.newsletterDispatcher.runDue()).toEqual({ queued: 10, skipped: 0, throttled: true });
    expect(await s.newsletterDispatcher.runDue()).toEqual({ queued: 0, skipped: 0, throttled: true });
    expect(await s.emailSender.runDue()).toMatchObject({ sent: 10 });
    s.clock.advance(59_000);
    expect(await s.newsletterDispatcher.runDue()).toMatchObject({ queued: 0, throttled: true });
    s.clock.advance(1_001);
    expect(await s.newsletterDispatcher.runDue()).toEqual({ queued: 10, skipped: 0, throttled: true });
    expect(await issueBySubject('Patch 4.1.2')).toMatchObject({ queued: 15, sent: 10 });
    // Someone who leaves the topic before their turn is skipped, never mailed.
    const [left] = await s.ctx.db.query<{ id: number }>(
      `UPDATE accounts SET newsletter = '{}' WHERE id = (SELECT account_id FROM newsletter_recipients WHERE state = 'waiting' ORDER BY account_id LIMIT 1) RETURNING id`);
    s.clock.advance(60_001);
    expect(await s.newsletterDispatcher.runDue()).toEqual({ queued: 4, skipped: 1, throttled: false });
    await deliverAll();
    expect(await issueBySubject('Patch 4.1.2')).toMatchObject({ recipients: 25, queued: 0, sent: 24, failed: 0, skipped: 1, dispatched: true });
    expect(mailsOf('Patch 4.1.2')).toHaveLength(24);
    expect(await count(`SELECT count(*)::int AS n FROM email_outbox WHERE account_id = $1`, [left!.id])).toBe(0);
  });

  it('one-click unsubscribe: works without signing in, idempotent, in the portal and the counts; forged links refused', async () => {
    expect((await s.api('PUT', '/api/customer/account/newsletter', { token: customer, body: { topics: ['company_news', 'security_alerts'] } })).status).toBe(200);
    await addSubscribers('company_news', 3, 'News reader');
    expect(await send('company_news', 'Company news for November')).toMatchObject({ status: 'applied' });
    await deliverAll();
    const mail = mailsOf('Company news for November').find((m) => m.to[0] === 'customer@example.com')!;
    expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = unsubscribeLink(mail.raw);
    expect(link.startsWith(`${publicUrl}/newsletter/unsubscribe?token=`)).toBe(true);
    const parsed = await PostalMime.parse(mail.raw);
    expect(parsed.text).toContain(link);
    expect(parsed.text).toContain(`${publicUrl}/profiles/self`);
    const path = link.slice(publicUrl.length);
    const token = new URL(link).searchParams.get('token')!;
    const oneClick = (p: string, body = 'List-Unsubscribe=One-Click') =>
      s.api('POST', p, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    // The confirmation page's read: which topic, which company, still subscribed.
    expect((await s.api('GET', `/api/newsletter/unsubscribe?token=${token}`)).body).toEqual({ topic: 'company_news', topicTitle: 'Company news', company: "Carla's Crafts Ltd", subscribed: true });
    // Forged and altered links change nothing.
    const [accountId, topic, issueId, mac] = token.split('.');
    const customerAccount = Number(accountId);
    for (const forged of [`${customerAccount + 1}.${topic}.${issueId}.${mac}`, `${accountId}.security_alerts.${issueId}.${mac}`, `${accountId}.${topic}.${issueId}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`, 'garbage']) {
      const r = await oneClick(`/newsletter/unsubscribe?token=${encodeURIComponent(forged)}`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid_unsubscribe_link', field: 'query.token' });
      expect((await s.api('POST', '/api/newsletter/unsubscribe', { body: { token: forged } })).status).toBe(400);
    }
    expect(await oneClick(path, 'something=else')).toMatchObject({ status: 400, body: { field: 'body' } });
    expect((await s.api('GET', '/api/customer/account', { token: customer })).body.account.newsletter).toEqual(['company_news', 'security_alerts']);

    const before = await count(`SELECT count(*)::int AS n FROM changes WHERE entity = 'account' AND entity_id = $1`, [customerAccount]);
    expect(await oneClick(path)).toEqual({ status: 200, body: { topic: 'company_news', subscribed: false, wasSubscribed: true } });
    expect(await oneClick(path)).toEqual({ status: 200, body: { topic: 'company_news', subscribed: false, wasSubscribed: false } });
    // The confirmation page's own POST is the same act.
    expect((await s.api('POST', '/api/newsletter/unsubscribe', { body: { token } })).body).toEqual({ topic: 'company_news', subscribed: false, wasSubscribed: false });
    // The portal's Newsletter options show it; the other topic stays; consoles get the account's change once.
    expect((await s.api('GET', '/api/customer/account', { token: customer })).body.account.newsletter).toEqual(['security_alerts']);
    expect(await count(`SELECT count(*)::int AS n FROM changes WHERE entity = 'account' AND entity_id = $1`, [customerAccount])).toBe(before + 1);
    expect((await s.api('GET', `/api/newsletter/unsubscribe?token=${token}`)).body).toMatchObject({ subscribed: false });
    expect(await issueBySubject('Company news for November')).toMatchObject({ recipients: 4, sent: 4, unsubscribedSince: 1 });

    // Unticking a topic in the portal's Newsletter options is recorded as leaving it too.
    expect((await s.api('PUT', '/api/customer/account/newsletter', { token: customer, body: { topics: ['company_news'] } })).status).toBe(200);
    expect((await s.api('PUT', '/api/customer/account/newsletter', { token: customer, body: { topics: [] } })).status).toBe(200);
    // new_products (unticked at the start), security_alerts, company_news.
    expect(await count(`SELECT count(*)::int AS n FROM newsletter_unsubscribes WHERE account_id = $1 AND via = 'portal'`, [customerAccount])).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM newsletter_unsubscribes WHERE account_id = $1 AND via = 'link'`, [customerAccount])).toBe(1);
  });

  it(`an issue to ${bulkSubscribers} subscribers goes out once each${backend === 'postgres' ? ', sent by two server processes' : ''}`, async () => {
    await addSubscribers('promotions', bulkSubscribers, 'Bulk');
    expect(await push(admin, 'newsletter.setThrottle', { perMinute: 100_000 })).toMatchObject({ status: 'applied' });
    const child = backend === 'postgres'
      ? await spawnServerProcess({ DATABASE_URL: s.databaseUrl!, EMAIL_INTERVAL_MS: '50', LIFECYCLE_INTERVAL_MS: '0', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(peer.port), SMTP_FROM: 'News <news@example.com>', PUBLIC_URL: publicUrl }, 180_000)
      : null;
    try {
      const subject = 'Black Friday: 30% off every license';
      // The bulk accounts and any the database had subscribed before.
      const expected = (await list()).subscribers.promotions;
      expect(expected).toBeGreaterThanOrEqual(bulkSubscribers);
      expect(await send('promotions', subject, '## This week only\n\n- X-Cart Gold\n- Support points')).toMatchObject({ status: 'applied' });
      const mine = { queued: 0, sent: 0 };
      await vi.waitFor(async () => {
        // This process works through the issue with the system clock, at the same time as the child's own timer.
        mine.queued += (await s.newsletterDispatcher.runDue(Date.now())).queued;
        mine.sent += (await s.emailSender.runDue(Date.now())).sent;
        const issue = await issueBySubject(subject);
        if (issue.sent < expected) throw new Error(`${issue.sent} of ${expected} sent${child ? `; child says: ${child.output()}` : ''}`);
      }, { timeout: 280_000, interval: 10 });
      expect(await issueBySubject(subject)).toMatchObject({ recipients: expected, queued: 0, sent: expected, failed: 0, skipped: 0, dispatched: true });
      const received = mailsOf(subject);
      expect(received).toHaveLength(expected);
      expect(new Set(received.map((m) => m.to.join(','))).size).toBe(expected);
      expect(await count(`SELECT count(*)::int AS n FROM email_outbox o JOIN newsletter_issues i ON i.id = o.newsletter_issue_id WHERE i.subject = $1 AND (o.attempts <> 1 OR o.state <> 'sent')`, [subject])).toBe(0);
      if (child) {
        // Both did part of the work.
        expect(mine.sent).toBeGreaterThan(0);
        expect(mine.sent).toBeLessThan(expected);
      }
      // Every process signs with the database's key: any mail's link works on this process.
      const last = received.at(-1)!;
      const token = new URL(unsubscribeLink(last.raw)).searchParams.get('token')!;
      expect((await s.api('POST', '/api/newsletter/unsubscribe', { body: { token } })).body).toMatchObject({ wasSubscribed: true });
    } finally {
      if (child) await stopServerProcess(child.child);
    }
  }, 300_000);
});
