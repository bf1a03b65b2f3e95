/**
 * The inbound SMTP receiver with nodemailer as a real SMTP client: a reply sent through it is
 * on its ticket when the client is told 250, an oversized mail is refused in the dialogue
 * with the limit, a bounce (empty envelope sender) is logged only, and the same receiver
 * speaks LMTP when configured to.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { CapturedMail, createTicket } from '../support/lifecycle';
import { messagesOf } from '../support/mail';

describe.each(backends)('inbound SMTP receiver on %s', (backend) => {
  let s: TestServer;
  let client: ReturnType<typeof nodemailer.createTransport>;

  beforeAll(async () => {
    s = await startTestServer(backend, { mailTransport: new CapturedMail(), config: { inboundSmtpPort: 0, inboundMaxBytes: 64 * 1024 } });
    client = nodemailer.createTransport({ host: '127.0.0.1', port: s.smtpReceiver!.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    client?.close();
    await s?.close();
  });

  it('files a mail on its ticket before it answers 250', async () => {
    const customer = await s.login('customer@example.com');
    const t = await createTicket(s, customer, { subject: 'By SMTP' });
    const info = await client.sendMail({ from: 'customer@example.com', to: 'support@vendor.example', subject: `Re: [#${t.number}] By SMTP`, text: 'Sent through the receiver.' });
    expect(info.response).toMatch(/^250/);
    expect((await messagesOf(s, t.id)).at(-1)).toMatchObject({ body: 'Sent through the receiver.', via: 'email' });
  });

  it('refuses a mail over the size limit in the SMTP dialogue, naming the limit', async () => {
    const before = await s.ctx.db.query('SELECT id FROM inbound_mails');
    const big = 'x'.repeat(100 * 1024);
    await expect(client.sendMail({ from: 'customer@example.com', to: 'support@vendor.example', subject: 'Huge', text: big })).rejects.toMatchObject({
      responseCode: 552,
      response: expect.stringContaining(String(64 * 1024)),
    });
    expect(await s.ctx.db.query('SELECT id FROM inbound_mails')).toHaveLength(before.length);
  });

  it('speaks LMTP when told to: a reply delivered by an LMTP client lands on its ticket once, answered per recipient', async () => {
    const lmtp = await startTestServer(backend, { mailTransport: new CapturedMail(), config: { inboundSmtpPort: 0, inboundLmtp: true } });
    const lmtpClient = nodemailer.createTransport({ host: '127.0.0.1', port: lmtp.smtpReceiver!.port, lmtp: true, secure: false, ignoreTLS: true });
    try {
      const customer = await lmtp.login('customer@example.com');
      const t = await createTicket(lmtp, customer, { subject: 'By LMTP' });
      const info = await lmtpClient.sendMail({ from: 'customer@example.com', to: ['support@vendor.example', 'help@vendor.example'], subject: `Re: [#${t.number}] By LMTP`, text: 'Delivered by LMTP.' });
      expect(info.accepted).toEqual(['support@vendor.example', 'help@vendor.example']);
      expect((await messagesOf(lmtp, t.id)).filter((m: { body: string }) => m.body === 'Delivered by LMTP.')).toHaveLength(1);
    } finally {
      lmtpClient.close();
      await lmtp.close();
    }
  });

  it('logs a bounce (empty envelope sender) and files nothing', async () => {
    await client.sendMail({ envelope: { from: '', to: ['support@vendor.example'] }, from: 'customer@example.com', subject: 'Delivery failed', text: 'bounced' });
    const [row] = await s.ctx.db.query<{ outcome: string; reason: string; via: string }>(`SELECT outcome, reason, via FROM inbound_mails WHERE subject = 'Delivery failed'`);
    expect(row).toMatchObject({ outcome: 'ignored', via: 'smtp', reason: expect.stringContaining('Return-Path') });
  });
});
