/**
 * The IMAP watcher's other promises, against a real dovecot: the periodic check finds mail
 * without IDLE, a mail over the size limit is held from its headers and its sender told the
 * limit, a crash between the ticket commit and \Seen leaves one message when a fresh watcher
 * reads the mail again, and a mail without a Message-ID delivered by IMAP and by SMTP lands
 * once. The server here runs no watcher of its own: each test starts the one it needs.
 */
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImapWatcher, type ImapWatcherOptions } from '../../src/server/email/inbound/imapWatcher';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { CapturedMail, DAY } from '../support/lifecycle';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { composeMail, heldMails, outboxTo } from '../support/mail';

describe.each(backends)('IMAP watcher checks on %s', (backend) => {
  let imap: Dovecot;
  let s: TestServer;
  let watcher: ImapWatcher | null = null;

  beforeAll(async () => {
    imap = await startDovecot();
    s = await startTestServer(backend, { mailTransport: new CapturedMail(), config: { inboundMaxBytes: 64 * 1024, inboundSmtpPort: 0 } });
  });
  afterEach(async () => {
    await watcher?.stop();
    watcher = null;
    s.clock.advance(DAY);
  });
  afterAll(async () => {
    await s?.close();
    await imap?.stop();
  });

  const watch = (o: Partial<ImapWatcherOptions> = {}) => {
    const w = new ImapWatcher(s.mailIngest, { url: imap.url(), pollMs: 3_600_000, ...o });
    w.start();
    return w;
  };
  const ticketsWith = async (subject: string) => (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE subject = $1', [subject])).length;
  const messagesWith = async (body: string) => (await s.ctx.db.query('SELECT id FROM ticket_messages WHERE body = $1', [body])).length;

  it('finds new mail by its periodic check when IDLE is off', async () => {
    watcher = watch({ idle: false, pollMs: 300 });
    // What waits at the start is taken on the first check; what comes after only by the periodic one.
    await imap.append(await composeMail({ from: 'customer@example.com', subject: `Before the check ${backend}`, text: 'First.' }));
    await expect.poll(() => ticketsWith(`Before the check ${backend}`), { timeout: 20_000 }).toBe(1);
    await imap.append(await composeMail({ from: 'customer@example.com', subject: `Found by polling ${backend}`, text: 'No IDLE here.' }));
    await expect.poll(() => ticketsWith(`Found by polling ${backend}`), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await imap.seenFlags()).every(Boolean), { timeout: 20_000 }).toBe(true);
  });

  it('holds a mail over the size limit from its headers and tells the sender the limit', async () => {
    watcher = watch();
    const subject = `Huge log ${backend}`;
    await imap.append(await composeMail({ from: 'customer@example.com', subject, text: 'x'.repeat(100 * 1024) }));
    await expect.poll(async () => (await heldMails(s)).filter((h) => h.subject === subject).map((h) => h.reason), { timeout: 20_000 }).toEqual(['too_large']);
    const told = (await outboxTo(s, 'customer@example.com')).filter((e) => e.subject === `Your mail is too large: ${subject}`);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('larger than the limit of 64 KB');
    await expect.poll(async () => (await imap.seenFlags()).every(Boolean), { timeout: 20_000 }).toBe(true);
    expect(await ticketsWith(subject)).toBe(0);
  });

  it('makes one message of a mail read again after a crash between the ticket commit and \\Seen', async () => {
    let committed!: () => void;
    const crashed = new Promise<void>((resolve) => (committed = resolve));
    watcher = watch({
      afterCommit: () => {
        committed();
        throw new Error('crash before \\Seen (test hook)');
      },
    });
    const body = `Only once, ${backend}.`;
    await imap.append(await composeMail({ from: 'customer@example.com', subject: `Crash ${backend}`, text: body }));
    await crashed;
    await watcher.stop();
    expect(await messagesWith(body)).toBe(1);
    expect((await imap.seenFlags()).at(-1)).toBe(false);
    // A fresh watcher (the restarted process) reads it again: marked now, still one message.
    watcher = watch();
    await expect.poll(async () => (await imap.seenFlags()).at(-1), { timeout: 20_000 }).toBe(true);
    expect(await messagesWith(body)).toBe(1);
    expect(await ticketsWith(`Crash ${backend}`)).toBe(1);
  });

  it('lands a mail without a Message-ID once when it comes by IMAP and by SMTP', async () => {
    watcher = watch();
    const subject = `Both paths ${backend}`;
    const raw = await composeMail({ from: 'customer@example.com', subject, text: 'Copied to both.', messageId: '' });
    expect(raw.toString('latin1')).not.toMatch(/^Message-ID:/im);
    await imap.append(raw);
    await expect.poll(() => ticketsWith(subject), { timeout: 20_000 }).toBe(1);
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: s.smtpReceiver!.port, secure: false, ignoreTLS: true });
    try {
      const info = await client.sendMail({ envelope: { from: 'customer@example.com', to: ['support@vendor.example'] }, raw });
      expect(info.response).toMatch(/^250/);
    } finally {
      client.close();
    }
    expect(await ticketsWith(subject)).toBe(1);
    expect(await s.ctx.db.query('SELECT via FROM inbound_mails WHERE subject = $1', [subject])).toEqual([{ via: 'imap' }]);
  });
});
