/**
 * The IMAP watcher against a real dovecot (tests/support/dovecot.ts), mail put in with IMAP
 * APPEND: replies land on their ticket live (IDLE) and are marked \Seen only after that, a mail
 * in the mailbox twice lands once, and mail that is not ours to file is left for the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, CapturedMail, StaffConsole } from '../support/lifecycle';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { composeMail, messagesOf, replyTo } from '../support/mail';
import type { MailMessage } from '../../src/server/email/transport';

describe.each(backends)('IMAP watcher on %s', (backend) => {
  let imap: Dovecot;
  let s: TestServer;
  const mail = new CapturedMail();

  beforeAll(async () => {
    imap = await startDovecot();
    // A poll far away: what arrives must come through IDLE.
    s = await startTestServer(backend, { mailTransport: mail, config: { imapUrl: imap.url(), imapPollMs: 3_600_000, replyToAddress: 'support+<token>@vendor.example' } });
  });
  afterAll(async () => {
    await s?.close();
    await imap?.stop();
  });

  it('files a reply appended to the mailbox on its ticket, marks it seen, and takes a second copy once', async () => {
    const customer = await s.login('customer@example.com');
    const staff = new StaffConsole(s, await s.login('admin@example.com'));
    const t = await answeredTicket(s, customer, staff, { cost: 0, subject: 'Over IMAP' });
    await s.emailSender.runDue();
    const n = mail.sent.find((m) => m.subject.includes(`[#${t.number}]`)) as MailMessage;
    const raw = await replyTo(n, { from: 'customer@example.com', text: 'Answered from my mail client.' });
    await imap.append(raw);
    await expect.poll(async () => (await messagesOf(s, t.id)).at(-1)?.body, { timeout: 15_000 }).toBe('Answered from my mail client.');
    await expect.poll(() => imap.seenFlags(), { timeout: 15_000 }).toEqual([true]);
    // The same mail delivered twice (a crash between commit and \Seen reads it again, too).
    await imap.append(raw);
    await expect.poll(() => imap.seenFlags(), { timeout: 15_000 }).toEqual([true, true]);
    expect((await messagesOf(s, t.id)).filter((m) => m.via === 'email')).toHaveLength(1);
  });

  it('takes in what was already waiting when the watcher starts, on its first check', async () => {
    const raw = await composeMail({ from: 'customer@example.com', subject: 'Waiting before start', text: 'I was here first.' });
    await s.close();
    await imap.append(raw);
    s = await startTestServer(backend, { mailTransport: mail, config: { imapUrl: imap.url(), imapPollMs: 3_600_000 } });
    await expect.poll(async () => (await s.ctx.db.query(`SELECT 1 FROM tickets WHERE subject = 'Waiting before start'`)).length, { timeout: 15_000 }).toBe(1);
  });
});
