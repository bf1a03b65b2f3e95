/**
 * Notifications leave through a real SMTP peer (the smtp-server package on an ephemeral
 * port). When the peer is down or refusing, the emails wait in the outbox and go out once it
 * is back, exactly once; with SMTP_HOST unset they land as .eml files in DATA_DIR/mail.
 * Each carries the marks of an automatic mail, a Message-ID of ours recorded with its ticket,
 * the ticket's thread (References, In-Reply-To), a Reply-To with the ticket's signed token
 * and the "reply above this line" marker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/server/email/emailSender';
import { replyMarker } from '../../src/server/email/templates';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, outboxFor, SmtpPeer, StaffConsole } from '../support/lifecycle';

describe.each(backends)('email through SMTP on %s', (backend) => {
  let s: TestServer;
  const peer = new SmtpPeer();
  let customer: string;
  let staff: StaffConsole;

  beforeAll(async () => {
    await peer.start();
    s = await startTestServer(backend, {
      config: {
        smtpHost: '127.0.0.1', smtpPort: peer.port, smtpFrom: 'Helpdesk <helpdesk@example.com>', publicUrl: 'https://account.example.com',
        replyToAddress: 'support+<token>@vendor.example',
      },
    });
    customer = await s.login('customer@example.com');
    staff = new StaffConsole(s, await s.login('admin@example.com'));
  });
  afterAll(async () => {
    await s.close();
    await peer.stop();
  });

  const receivedFor = (messageIdPart: string) => peer.received.filter((m) => m.raw.includes(messageIdPart));

  it('delivers a staff reply to the account contact address, as text and HTML with the ticket link', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 0, subject: 'Mail <me>' });
    const report = await s.emailSender.runDue();
    expect(report).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = peer.received.slice(-1);
    expect(mail!.from).toBe('helpdesk@example.com');
    expect(mail!.to).toEqual(['customer@example.com']);
    expect(mail!.raw).toMatch(new RegExp(`Subject: \\[#${t.number}\\] New reply: Mail <me>`));
    expect(mail!.raw).toContain('Content-Type: text/plain');
    expect(mail!.raw).toContain('Content-Type: text/html');
    // Decoded: quoted-printable may break a line anywhere in the raw mail.
    const parsed = await PostalMime.parse(mail!.raw);
    expect(parsed.text).toContain(`https://account.example.com/tickets/${t.number}`);
    expect(parsed.html).toContain('Mail &lt;me&gt;');
    const [row] = await outboxFor(s, 'message:');
    expect(row).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('keeps emails while the peer is not listening and sends them once it is back, exactly once', async () => {
    await peer.stop();
    const t = await answeredTicket(s, customer, staff, { cost: 0 });
    expect(await s.emailSender.runDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const [waiting] = (await outboxFor(s, 'message:')).filter((r) => r.state === 'pending');
    expect(waiting!.attempts).toBe(1);
    expect(waiting!.lastError).toMatch(/ECONNREFUSED|connect/i);

    await peer.start();
    // Backing off: not yet.
    expect(await s.emailSender.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    s.clock.advance(retryDelayMs(1, 30_000, 3_600_000));
    expect(await s.emailSender.runDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await s.emailSender.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(receivedFor(`[#${t.number}]`)).toHaveLength(1);
  });

  it('retries with exponential backoff while the peer refuses (421), then delivers once', async () => {
    peer.refusing = true;
    const t = await answeredTicket(s, customer, staff, { cost: 0 });
    const nextAttempt = async () => (await s.ctx.db.query<{ at: number }>(`SELECT next_attempt_at AS at FROM email_outbox WHERE state = 'pending'`))[0]!.at;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await s.emailSender.runDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      delays.push((await nextAttempt()) - s.clock.now());
      s.clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000]);
    const [row] = (await outboxFor(s, 'message:')).filter((r) => r.state === 'pending');
    expect(row!.lastError).toMatch(/421/);
    peer.refusing = false;
    expect(await s.emailSender.runDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(receivedFor(`[#${t.number}]`)).toHaveLength(1);
  });

  it('marks the mail automatic, threads it on its ticket and gives a signed reply address', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 0, subject: 'Threaded' });
    await staff.do('ticket.reply', { ticketId: t.id, body: 'One more thing: restart the worker.' });
    // The earlier tests' backoff is over by now.
    s.clock.advance(3_600_000);
    expect((await s.emailSender.runDue()).failed).toBe(0);
    const mails = await Promise.all(peer.received.filter((m) => m.raw.includes(`[#${t.number}]`)).map((m) => PostalMime.parse(m.raw)));
    expect(mails).toHaveLength(2);
    const [first, second] = mails as [(typeof mails)[0], (typeof mails)[0]];
    const header = (m: typeof first, name: string) => m.headers.find((h) => h.key === name)?.value;
    for (const m of mails) {
      expect(header(m, 'auto-submitted')).toBe('auto-generated');
      expect(header(m, 'x-auto-response-suppress')).toBe('All');
      // The marker carries the same signed token, for replies that come back to another address.
      expect(m.text!.split('\n')[0]).toBe(`${replyMarker} [ref:${s.ctx.replyTokens.tokenFor(t.id)}]`);
      expect(s.ctx.replyTokens.ticketInText(m.html!)).toBe(t.id);
      expect(m.replyTo?.[0]?.address).toMatch(/^support\+t\d+-[0-9a-f]{16}@vendor\.example$/);
      // The token names this ticket, and only with the server's own signature.
      expect(s.ctx.replyTokens.ticketIn([m.replyTo![0]!.address!])).toBe(t.id);
    }
    // One hex digit of the signature changed: no ticket.
    const forged = first.replyTo![0]!.address!.replace(/([0-9a-f])@/, (_, d: string) => `${d === '0' ? '1' : '0'}@`);
    expect(s.ctx.replyTokens.ticketIn([forged])).toBeNull();
    const recorded = await s.ctx.db.query<{ messageId: string }>('SELECT message_id AS "messageId" FROM email_outbox WHERE ticket_id = $1 ORDER BY id', [t.id]);
    expect(recorded.map((r) => r.messageId)).toEqual([first.messageId, second.messageId]);
    expect(first.inReplyTo).toBeUndefined();
    expect(second.inReplyTo).toBe(first.messageId);
    expect(second.references).toBe(first.messageId);
  });
});

describe('email sender woken by the commit', () => {
  it('sends a new email at once, without waiting for its poll interval', async () => {
    const peer = new SmtpPeer();
    await peer.start();
    const s = await startTestServer('pglite', { config: { smtpHost: '127.0.0.1', smtpPort: peer.port, emailIntervalMs: 3_600_000 } });
    try {
      const customer = await s.login('customer@example.com');
      const staff = new StaffConsole(s, await s.login('admin@example.com'));
      const t = await answeredTicket(s, customer, staff, { cost: 0 });
      await expect.poll(() => peer.received.some((m) => m.raw.includes(`[#${t.number}]`)), { timeout: 5000, message: 'the reply email' }).toBe(true);
    } finally {
      await s.close();
      await peer.stop();
    }
  });
});

describe('email without SMTP_HOST', () => {
  it('writes each email as an .eml file into DATA_DIR/mail', async () => {
    const s = await startTestServer('pglite');
    try {
      const customer = await s.login('customer@example.com');
      const staff = new StaffConsole(s, await s.login('admin@example.com'));
      const t = await answeredTicket(s, customer, staff, { cost: 0 });
      expect((await s.emailSender.runDue()).sent).toBe(1);
      const dir = path.join(s.ctx.config.dataDir, 'mail');
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const eml = readFileSync(path.join(dir, files[0]!), 'utf8');
      expect(eml).toContain('To: customer@example.com');
      expect(eml).toContain(`[#${t.number}] New reply`);
    } finally {
      await s.close();
    }
  });
});
