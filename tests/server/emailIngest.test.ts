/**
 * One ingest for every inbound path: replies land on their ticket once, from the right people,
 * through the portal's customer-message rules; strangers, noise and floods do not.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, CapturedMail, createTicket, DAY, StaffConsole, ticketRow } from '../support/lifecycle';
import { composeMail, heldMails, messagesOf, outboxTo, replyTo } from '../support/mail';
import type { MailMessage } from '../../src/server/email/transport';

describe.each(backends)('inbound mail on %s', (backend) => {
  let s: TestServer;
  const mail = new CapturedMail();
  let customer: string;
  let staff: StaffConsole;

  beforeAll(async () => {
    s = await startTestServer(backend, {
      mailTransport: mail,
      config: { smtpFrom: 'Helpdesk <helpdesk@vendor.example>', replyToAddress: 'support+<token>@vendor.example', inboundFloodLimit: 6 },
    });
    customer = await s.login('customer@example.com');
    staff = new StaffConsole(s, await s.login('admin@example.com'));
  });
  afterAll(async () => {
    await s?.close();
  });
  // Each test starts a fresh flood window.
  beforeEach(() => s.clock.advance(DAY));

  /** The staff reply notification of a new answered ticket, as the customer got it. */
  async function notified(subject = 'Checkout is blank') {
    const t = await answeredTicket(s, customer, staff, { cost: 0, subject });
    await s.emailSender.runDue();
    const n = mail.sent.filter((m) => m.subject.includes(`[#${t.number}]`)).at(-1) as MailMessage;
    return { t, n };
  }

  it('files a reply to a notification on its ticket once, without the quote, and reopens the answered ticket', async () => {
    const { t, n } = await notified();
    expect((await ticketRow(s, t.id)).status).toBe('answered');
    const raw = await replyTo(n, { from: 'Carla <Customer@Example.com>', text: 'Clearing the cache worked, thanks!\n\n-- \nCarla\nCarla\'s Crafts' });
    expect(await s.mailIngest.ingest(raw, 'imap')).toMatchObject({ outcome: 'ticketed', ticketNumber: t.number });
    // The same bytes again, and the same mail by the other path (other Received headers).
    expect(await s.mailIngest.ingest(raw, 'imap')).toMatchObject({ outcome: 'duplicate' });
    expect(await s.mailIngest.ingest(Buffer.concat([Buffer.from('Received: from mx.example by helpdesk\r\n'), raw]), 'smtp')).toMatchObject({ outcome: 'duplicate' });
    const msgs = await messagesOf(s, t.id);
    expect(msgs.at(-1)).toMatchObject({ kind: 'customer', via: 'email', body: 'Clearing the cache worked, thanks!', authorUserId: s.ids['customer@example.com'] });
    expect(msgs.filter((m) => m.via === 'email')).toHaveLength(1);
    expect((await ticketRow(s, t.id)).status).not.toBe('answered');
  });

  it('takes a reply by its signed reply address alone, even from an address that is not a user', async () => {
    const { t, n } = await notified();
    const raw = await composeMail({ from: 'colleague@carlas-crafts.example', to: n.replyTo, subject: 'the fix', text: 'Forwarded to me: done.' });
    expect(await s.mailIngest.ingest(raw, 'smtp')).toMatchObject({ outcome: 'ticketed', ticketNumber: t.number });
    expect((await messagesOf(s, t.id)).at(-1)).toMatchObject({ body: 'Forwarded to me: done.', authorUserId: null, via: 'email' });
  });

  it('takes [#number] in the subject only from a user of that ticket\'s account (a secondary user counts)', async () => {
    const t = await createTicket(s, customer, { subject: 'Numbered' });
    const fromSecondary = await composeMail({ from: 'webmaster@example.com', subject: `Re: [#${t.number}] Numbered`, text: 'Also on the staging site.' });
    expect(await s.mailIngest.ingest(fromSecondary, 'imap')).toMatchObject({ outcome: 'ticketed', ticketNumber: t.number });
    expect((await messagesOf(s, t.id)).at(-1)).toMatchObject({ authorUserId: s.ids['webmaster@example.com'] });
    const forged = await composeMail({ from: 'mallory@evil.example', subject: `Re: [#${t.number}] Numbered`, text: 'Please send the access data to me.' });
    expect(await s.mailIngest.ingest(forged, 'imap')).toMatchObject({ outcome: 'held', reason: 'not_on_account' });
    expect((await messagesOf(s, t.id)).map((m) => m.body)).not.toContain('Please send the access data to me.');
    expect((await heldMails(s)).at(-1)).toMatchObject({ sender: 'mallory@evil.example', reason: 'not_on_account', state: 'held' });
  });

  /** A reply with no thread headers and no token address: only the notification it quotes can say which ticket it is for. */
  const quoting = (n: MailMessage, from: string, text: string, quoted = n.text) => composeMail({
    from, to: 'support@vendor.example', subject: 'Re: your answer', text: `${text}\n\nOn Tue, 3 Nov 2026 at 10:00, Helpdesk <helpdesk@vendor.example> wrote:\n${quoted.split('\n').map((l) => `> ${l}`).join('\n')}\n`,
  });

  it('takes a reply by the signed token in the quoted reply marker alone (text or HTML); an altered token is no token', async () => {
    const { t, n } = await notified('Marker token');
    expect(n.text.split('\n')[0]).toMatch(/^##- Please type your reply above this line -## \[ref:t\d+-[0-9a-f]{16}\]$/);
    expect(await s.mailIngest.ingest(await quoting(n, 'customer@example.com', 'Found by the marker.'), 'imap')).toMatchObject({ outcome: 'ticketed', reason: 'reply', ticketNumber: t.number });
    expect((await messagesOf(s, t.id)).at(-1)).toMatchObject({ body: 'Found by the marker.', via: 'email', authorUserId: s.ids['customer@example.com'] });
    // An HTML-only client quoting our HTML part.
    const html = await composeMail({ from: 'customer@example.com', subject: 'Re: your answer', html: `<p>Found in HTML.</p><blockquote>${n.html}</blockquote>` });
    expect(await s.mailIngest.ingest(html, 'imap')).toMatchObject({ outcome: 'ticketed', ticketNumber: t.number });
    expect((await messagesOf(s, t.id)).at(-1)).toMatchObject({ body: 'Found in HTML.' });
    // One digit of the signature changed: the customer's mail is a new ticket, not a reply to this one.
    const altered = n.text.replace(/\[ref:(t\d+-[0-9a-f]{15})([0-9a-f])\]/, (_, head: string, d: string) => `[ref:${head}${d === '0' ? '1' : '0'}]`);
    expect(altered).not.toBe(n.text);
    const r = await s.mailIngest.ingest(await quoting(n, 'customer@example.com', 'Altered marker.', altered), 'imap');
    expect(r).toMatchObject({ outcome: 'ticketed', reason: 'new ticket' });
    expect(r.ticketNumber).not.toBe(t.number);
    // From a stranger the altered token gives nothing either: held, not posted.
    expect(await s.mailIngest.ingest(await quoting(n, 'mallory@evil.example', 'Altered, from a stranger.', altered), 'imap')).toMatchObject({ outcome: 'held', reason: 'unknown_sender' });
    expect((await messagesOf(s, t.id)).map((m) => m.body)).not.toContain('Altered, from a stranger.');
  });

  it('lets a stranger who quotes a real marker join the ticket: the issue\'s sender rule counts a valid token as the sender\'s right', async () => {
    // "a mail joins a ticket only when its sender is a user of the ticket's account or it carries
    // the ticket's signed token": only someone our mail reached (a colleague it was forwarded to)
    // can quote its marker, as with the token in the reply address.
    const { t, n } = await notified('Forwarded marker');
    expect(await s.mailIngest.ingest(await quoting(n, 'colleague@carlas-crafts.example', 'Forwarded to me, quoting.'), 'imap')).toMatchObject({ outcome: 'ticketed', ticketNumber: t.number });
    expect((await messagesOf(s, t.id)).at(-1)).toMatchObject({ body: 'Forwarded to me, quoting.', authorUserId: null });
  });

  it('holds a threaded reply from a stranger without the token', async () => {
    const { t, n } = await notified();
    // Threaded, but to the plain support address and quoting nothing: no token anywhere.
    const raw = await composeMail({ from: 'mallory@evil.example', subject: `Re: ${n.subject}`, inReplyTo: n.messageId, references: [n.messageId], text: 'Hijack' });
    expect(await s.mailIngest.ingest(raw, 'imap')).toMatchObject({ outcome: 'held', reason: 'not_on_account' });
    expect((await messagesOf(s, t.id)).map((m) => m.body)).not.toContain('Hijack');
  });

  it('starts a tech ticket of normal priority for new mail from a known user, with its attachments and inline images', async () => {
    const raw = await composeMail({
      from: 'customer@example.com', subject: 'Invoice page broken', text: 'See the screenshot.',
      html: '<p>See the screenshot.</p><img src="cid:shot@client">',
      attachments: [
        { filename: 'log.txt', content: 'line one\nline two\n' },
        { filename: 'shot.png', content: Buffer.from('89504e470d0a1a0a', 'hex'), cid: 'shot@client' },
      ],
    });
    const r = await s.mailIngest.ingest(raw, 'smtp');
    expect(r).toMatchObject({ outcome: 'ticketed', reason: 'new ticket' });
    const [t] = await s.ctx.db.query<{ id: number; type: string; priority: string; subject: string; status: string }>('SELECT id, type, priority, subject, status FROM tickets WHERE number = $1', [r.ticketNumber]);
    expect(t).toMatchObject({ type: 'tech', priority: 'normal', subject: 'Invoice page broken', status: 'new' });
    expect(await messagesOf(s, t!.id)).toMatchObject([{ kind: 'customer', via: 'email', body: 'See the screenshot.' }]);
    const files = await s.ctx.db.query<{ fileName: string; size: number; sha256: string }>('SELECT file_name AS "fileName", size, sha256 FROM attachments WHERE ticket_id = $1 ORDER BY file_name', [t!.id]);
    expect(files.map((f) => [f.fileName, f.size])).toEqual([['log.txt', 18], ['shot.png', 8]]);
    for (const f of files) expect(await s.ctx.blobs.size(f.sha256)).toBe(f.size);
  });

  it('holds new mail from an unknown sender and answers it once, however often it writes', async () => {
    for (const i of [1, 2]) {
      const raw = await composeMail({ from: 'Stranger <stranger@nowhere.example>', subject: `Question ${i}`, text: 'Do you sell licenses?' });
      expect(await s.mailIngest.ingest(raw, 'imap')).toMatchObject({ outcome: 'held', reason: 'unknown_sender' });
    }
    expect((await heldMails(s)).filter((h) => h.sender === 'stranger@nowhere.example').map((h) => h.subject)).toEqual(['Question 1', 'Question 2']);
    const answers = await outboxTo(s, 'stranger@nowhere.example');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toContain('not the address of a user of a customer account');
  });

  it('lands a mail without a Message-ID once, whatever trace headers each path put on it', async () => {
    const raw = await composeMail({ from: 'customer@example.com', subject: 'No Message-ID', text: 'Delivered twice.', messageId: '' });
    expect(raw.toString('latin1')).not.toMatch(/^Message-ID:/im);
    expect(await s.mailIngest.ingest(Buffer.concat([Buffer.from('Delivered-To: support@vendor.example\r\nReceived: from mx by imap\r\n'), raw]), 'imap')).toMatchObject({ outcome: 'ticketed' });
    const viaSmtp = Buffer.concat([Buffer.from('Return-Path: <customer@example.com>\r\nReceived: from mx.example by helpdesk\r\n\tfor <support@vendor.example>\r\nX-Original-To: support@vendor.example\r\n'), raw, Buffer.from('\r\n')]);
    expect(await s.mailIngest.ingest(viaSmtp, 'smtp')).toMatchObject({ outcome: 'duplicate' });
    expect(await s.ctx.db.query(`SELECT 1 FROM tickets WHERE subject = 'No Message-ID'`)).toHaveLength(1);
  });

  it('answers a stranger once, whatever its mails were held for (a mail over the size limit, then an ordinary one)', async () => {
    const big = await composeMail({ from: 'big-stranger@nowhere.example', subject: 'Huge logs', text: 'See attached.' });
    expect(await s.mailIngest.ingest(big, 'imap', [], { size: s.mailIngest.limits.maxBytes + 1 })).toMatchObject({ outcome: 'held', reason: 'too_large' });
    const small = await composeMail({ from: 'big-stranger@nowhere.example', subject: 'Did you get it?', text: 'Hello?' });
    expect(await s.mailIngest.ingest(small, 'imap')).toMatchObject({ outcome: 'held', reason: 'unknown_sender' });
    const answers = await outboxTo(s, 'big-stranger@nowhere.example');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toContain('larger than the limit of 25 MB');
    expect(answers[0]!.text).toContain('not the address of a user of a customer account');
    // A known user's mail over the limit learns the limit, each time.
    for (const i of [1, 2]) {
      const own = await composeMail({ from: 'webmaster@example.com', subject: `Big ${i}`, text: 'Video attached.' });
      expect(await s.mailIngest.ingest(own, 'imap', [], { size: s.mailIngest.limits.maxBytes + 1 })).toMatchObject({ outcome: 'held', reason: 'too_large' });
    }
    const told = (await outboxTo(s, 'webmaster@example.com')).filter((e) => e.eventKey.startsWith('inbound:'));
    expect(told.map((e) => e.subject)).toEqual(['Your mail is too large: Big 1', 'Your mail is too large: Big 2']);
    expect(told[0]!.text).not.toContain('not the address of a user');
  });

  it('logs automatic mail and never answers it', async () => {
    const cases = [
      { 'Auto-Submitted': 'auto-replied' }, { Precedence: 'bulk' }, { 'X-Autoreply': 'yes' }, { 'X-Autorespond': 'yes' },
      { 'X-Auto-Response-Suppress': 'All' }, { 'List-Id': '<news.lists.example>' },
    ];
    for (const headers of cases) {
      const raw = await composeMail({ from: 'robot@nowhere.example', subject: 'Out of office', text: 'I am away.', headers });
      expect(await s.mailIngest.ingest(raw, 'imap')).toMatchObject({ outcome: 'ignored' });
    }
    const daemon = await composeMail({ from: 'MAILER-DAEMON@mx.example', subject: 'Undelivered', text: 'failed' });
    expect(await s.mailIngest.ingest(daemon, 'imap')).toMatchObject({ outcome: 'ignored' });
    expect(await outboxTo(s, 'robot@nowhere.example')).toEqual([]);
    expect((await heldMails(s)).filter((h) => h.sender === 'robot@nowhere.example')).toEqual([]);
  });

  it('ignores our own notification coming back', async () => {
    const { n } = await notified();
    const ownRaw = await composeMail({ from: 'helpdesk@vendor.example', subject: n.subject, text: n.text, messageId: n.messageId });
    expect(await s.mailIngest.ingest(ownRaw, 'imap')).toMatchObject({ outcome: 'ignored', reason: 'one of our own mails came back' });
  });

  it('takes a batch in one write: each mail its own outcome, a copy within the batch once, the flood counted inside it', async () => {
    const { t, n } = await notified('Batched');
    const reply = await replyTo(n, { from: 'customer@example.com', text: 'Batched reply.' });
    const stranger = await composeMail({ from: 'batch-stranger@nowhere.example', subject: 'Hello?', text: 'Anyone there?' });
    // A NUL in the text, which PostgreSQL text cannot hold: filed all the same, without it.
    const nul = await composeMail({ from: 'customer@example.com', subject: 'Binary paste', text: 'before\u0000after' });
    const flood = await Promise.all([...Array(8).keys()].map((i) => composeMail({ from: 'webmaster@example.com', subject: `Batch flood ${i}`, text: `Mail ${i}` })));
    const results = await s.mailIngest.ingestMany([reply, reply, stranger, nul, ...flood].map((raw) => ({ raw, via: 'imap' as const })));
    expect(results.map((r) => r.outcome)).toEqual(['ticketed', 'duplicate', 'held', 'ticketed', ...Array(6).fill('ticketed'), 'held', 'held']);
    expect(results[0]).toMatchObject({ ticketNumber: t.number });
    expect((await messagesOf(s, t.id)).filter((m) => m.body === 'Batched reply.')).toHaveLength(1);
    const [binary] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [results[3]!.ticketNumber]);
    expect((await messagesOf(s, binary!.id))[0]!.body).toBe('beforeafter');
    expect((await heldMails(s)).filter((h) => h.subject.startsWith('Batch flood')).map((h) => h.reason)).toEqual(['flood', 'flood']);
    expect(await outboxTo(s, 'batch-stranger@nowhere.example')).toHaveLength(1);
  });

  it('reopens a ticket closed within the reopen window, and after it starts a follow-up', async () => {
    const { t, n } = await notified('Closed one');
    await staff.do('ticket.close', { ticketId: t.id });
    expect(await s.mailIngest.ingest(await replyTo(n, { from: 'customer@example.com', text: 'It is back.' }), 'imap')).toMatchObject({ outcome: 'ticketed', ticketNumber: t.number });
    expect((await ticketRow(s, t.id)).status).not.toBe('closed');
    await staff.do('ticket.close', { ticketId: t.id });
    s.clock.advance(400 * DAY);
    const r = await s.mailIngest.ingest(await replyTo(n, { from: 'customer@example.com', text: 'And again, a year later.' }), 'imap');
    expect(r.outcome).toBe('ticketed');
    expect(r.ticketNumber).not.toBe(t.number);
    const [f] = await s.ctx.db.query<{ followUpOf: number }>('SELECT follow_up_of_id AS "followUpOf" FROM tickets WHERE number = $1', [r.ticketNumber]);
    expect(f!.followUpOf).toBe(t.id);
    expect((await outboxTo(s, 'customer@example.com')).some((e) => e.eventKey.endsWith('follow_up_created'))).toBe(true);
  });

  it('holds a flood: more mails from one sender in the window than the setting allows', async () => {
    const results = [];
    for (let i = 0; i < 8; i++) results.push((await s.mailIngest.ingest(await composeMail({ from: 'webmaster@example.com', subject: `Flood ${i}`, text: `Mail ${i}` }), 'imap')).outcome);
    expect(results).toEqual(['ticketed', 'ticketed', 'ticketed', 'ticketed', 'ticketed', 'ticketed', 'held', 'held']);
    expect((await heldMails(s)).filter((h) => h.reason === 'flood' && h.subject.startsWith('Flood '))).toHaveLength(2);
  });

  it('turns HTML-only mail into text without markup or its quoted block', async () => {
    const raw = await composeMail({
      from: 'customer@example.com', subject: 'HTML only',
      html: '<div>Hello <b>team</b>,<br>the <script>alert(1)</script>export fails &amp; stops.</div><blockquote>old quoted text</blockquote>',
    });
    const r = await s.mailIngest.ingest(raw, 'imap');
    const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [r.ticketNumber]);
    const [m] = await messagesOf(s, t!.id);
    expect(m!.body).toBe('Hello team,\nthe export fails & stops.');
  });

  it('keeps mail it cannot use with the reason', async () => {
    const raw = Buffer.from('Subject: no sender here\r\n\r\nbody\r\n');
    expect(await s.mailIngest.ingest(raw, 'smtp')).toMatchObject({ outcome: 'unparseable', reason: 'the mail has no From address' });
    const [row] = await s.ctx.db.query<{ outcome: string; rawSha256: string }>(`SELECT outcome, raw_sha256 AS "rawSha256" FROM inbound_mails WHERE subject = 'no sender here'`);
    expect(await s.ctx.blobs.size(row!.rawSha256)).toBe(raw.length);
    // …and a dispatcher sees it in Held mail, the reason above its raw text.
    const list = await s.api('GET', '/api/staff/held-mails', { token: await s.login('dispatcher@example.com', true) });
    expect(list.body.heldMails.find((m: { subject: string }) => m.subject === 'no sender here')).toMatchObject({
      sender: '', reason: 'unparseable', body: expect.stringMatching(/^the mail has no From address\n\nSubject: no sender here\r\n/),
    });
  });

  it('lets a dispatcher file, start or discard held mail, once, with its attachments; other roles may not', async () => {
    const dispatcher = new StaffConsole(s, await s.login('dispatcher@example.com', true));
    const engineer = new StaffConsole(s, await s.login('engineer@example.com', true));
    const held = async (subject: string) => {
      const raw = await composeMail({ from: 'partner@agency.example', subject, text: `About ${subject}`, attachments: [{ filename: 'spec.txt', content: 'spec' }] });
      expect(await s.mailIngest.ingest(raw, 'imap')).toMatchObject({ outcome: 'held' });
      const list = await s.api('GET', '/api/staff/held-mails', { token: dispatcher.token });
      expect(list.status).toBe(200);
      const h = list.body.heldMails.find((m: { subject: string }) => m.subject === subject);
      expect(h).toMatchObject({ sender: 'partner@agency.example', reason: 'unknown_sender', body: `About ${subject}`, attachments: [{ fileName: 'spec.txt', size: 4 }] });
      return h.id as number;
    };
    expect((await s.api('GET', '/api/staff/held-mails', { token: engineer.token })).status).toBe(403);

    // The clock has moved on past the first session's life.
    const t = await createTicket(s, await s.login('customer@example.com', true), { subject: 'Agency work' });
    const a = await held('Accept me');
    expect(await engineer.push('heldMail.accept', { heldMailId: a, ticketId: t.id })).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    await dispatcher.do('heldMail.accept', { heldMailId: a, ticketId: t.id });
    const filed = (await messagesOf(s, t.id)).at(-1)!;
    expect(filed).toMatchObject({ body: 'About Accept me', via: 'email', authorUserId: null });
    expect(await s.ctx.db.query('SELECT file_name FROM attachments WHERE message_id = $1', [filed.id])).toEqual([{ file_name: 'spec.txt' }]);
    expect(await dispatcher.push('heldMail.discard', { heldMailId: a })).toMatchObject({ status: 'rejected', error: { code: 'held_mail_decided' } });

    const b = await held('Start me');
    const [acc] = await s.ctx.db.query<{ id: number }>('SELECT account_id AS id FROM users WHERE email = $1', ['customer@example.com']);
    await dispatcher.do('heldMail.startTicket', { heldMailId: b, accountId: acc!.id });
    const [started] = await s.ctx.db.query<{ accountId: number; type: string; priority: string }>(`SELECT account_id AS "accountId", type, priority FROM tickets WHERE subject = 'Start me'`);
    expect(started).toEqual({ accountId: acc!.id, type: 'tech', priority: 'normal' });
    expect(await dispatcher.push('heldMail.startTicket', { heldMailId: b, accountId: 999_999 })).toMatchObject({ status: 'rejected', error: { code: 'held_mail_decided' } });

    const c = await held('Discard me');
    expect(await dispatcher.push('heldMail.startTicket', { heldMailId: c, accountId: 999_999 })).toMatchObject({ status: 'rejected', error: { code: 'unknown_account', field: 'args.accountId' } });
    await dispatcher.do('heldMail.discard', { heldMailId: c });
    const left = (await s.api('GET', '/api/staff/held-mails', { token: dispatcher.token })).body.heldMails.map((m: { subject: string }) => m.subject);
    expect(left).not.toContain('Accept me');
    expect(left).not.toContain('Start me');
    expect(left).not.toContain('Discard me');
  });
});
