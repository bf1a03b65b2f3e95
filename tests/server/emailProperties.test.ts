/**
 * Properties of the ingest over random header combinations, senders, targets and repeated
 * deliveries: no automatic mail ever produces a reply (or a ticket message), and no mail ever
 * lands twice, whichever path brings it how often.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, CapturedMail, HOUR, StaffConsole } from '../support/lifecycle';
import { composeMail } from '../support/mail';
import type { MailMessage } from '../../src/server/email/transport';

const automaticHeaders = fc.record(
  {
    'Auto-Submitted': fc.constantFrom('auto-replied', 'auto-generated', 'auto-notified', 'Auto-Replied; owner-email="x@y.example"'),
    Precedence: fc.constantFrom('bulk', 'list', 'junk', 'auto_reply', 'BULK'),
    'X-Autoreply': fc.constantFrom('yes', 'true', ''),
    'X-Autorespond': fc.constantFrom('yes', 'vacation'),
    'X-Auto-Response-Suppress': fc.constantFrom('All', 'OOF, AutoReply', 'DR'),
    'List-Id': fc.constant('<news.lists.example.org>'),
    'Return-Path': fc.constant('<>'),
  },
  { requiredKeys: [] },
);
/** Headers that look like the automatic ones but mark a person's mail. */
const personalHeaders = fc.record({ 'Auto-Submitted': fc.constant('no'), Precedence: fc.constant('first-class'), Importance: fc.constant('high') }, { requiredKeys: [] });

const mailArb = fc.record({
  automatic: automaticHeaders,
  personal: personalHeaders,
  daemon: fc.boolean(),
  sender: fc.constantFrom('customer@example.com', 'webmaster@example.com', 'stranger@nowhere.example'),
  target: fc.constantFrom('thread', 'token', 'subject', 'new'),
  deliveries: fc.array(fc.record({ via: fc.constantFrom('imap' as const, 'smtp' as const), received: fc.boolean() }), { minLength: 1, maxLength: 3 }),
});

describe('inbound mail properties', () => {
  let s: TestServer;
  const mail = new CapturedMail();
  let n: MailMessage;
  let ticketNumber: number;

  beforeAll(async () => {
    s = await startTestServer('pglite', { mailTransport: mail, config: { smtpFrom: 'Helpdesk <helpdesk@vendor.example>', replyToAddress: 'support+<token>@vendor.example' } });
    const staff = new StaffConsole(s, await s.login('admin@example.com'));
    const t = await answeredTicket(s, await s.login('customer@example.com'), staff, { cost: 0, subject: 'Property ticket' });
    ticketNumber = t.number;
    await s.emailSender.runDue();
    n = mail.sent.find((m) => m.subject.includes(`[#${t.number}]`))!;
  });
  afterAll(async () => {
    await s?.close();
  });

  const count = async (sql: string, params: unknown[]) => Number((await s.ctx.db.query<{ n: number }>(sql, params))[0]!.n);

  it('never answers automatic mail and never files a mail twice', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(mailArb, async (m) => {
        run += 1;
        // Out of the flood window of the runs before.
        s.clock.advance(HOUR);
        const marker = `property run ${run} ${Math.random().toString(36).slice(2)}`;
        const automaticKeys = Object.keys(m.automatic);
        const isAutomatic = automaticKeys.length > 0 || m.daemon;
        const from = m.daemon ? 'MAILER-DAEMON@mx.example' : m.sender;
        const headers: Record<string, string> = { ...m.personal, ...m.automatic };
        const raw = await composeMail({
          from, headers, text: marker,
          to: m.target === 'token' ? n.replyTo : 'support@vendor.example',
          subject: m.target === 'subject' ? `Re: [#${ticketNumber}] about it` : 'A question',
          ...(m.target === 'thread' ? { inReplyTo: n.messageId, references: [n.messageId] } : {}),
        });
        const answersBefore = await count('SELECT count(*) AS n FROM email_outbox WHERE lower(to_address) = lower($1)', [from]);
        const outcomes: string[] = [];
        for (const d of m.deliveries) {
          const bytes = d.received ? Buffer.concat([Buffer.from(`Received: from mx${run}.example by helpdesk; ${run}\r\n`), raw]) : raw;
          outcomes.push((await s.mailIngest.ingest(bytes, d.via)).outcome);
        }
        const filed = await count('SELECT count(*) AS n FROM ticket_messages WHERE body = $1', [marker]);
        expect(filed).toBeLessThanOrEqual(1);
        expect(outcomes.slice(1).every((o) => o === 'duplicate')).toBe(true);
        if (isAutomatic) {
          expect(outcomes[0]).toBe('ignored');
          expect(filed).toBe(0);
          expect(await count('SELECT count(*) AS n FROM email_outbox WHERE lower(to_address) = lower($1)', [from])).toBe(answersBefore);
        } else if (m.sender !== 'stranger@nowhere.example') {
          // A person on the account: filed once, wherever it was aimed.
          expect(outcomes[0]).toBe('ticketed');
          expect(filed).toBe(1);
        }
      }),
      { numRuns: 80 },
    );
  });
});
