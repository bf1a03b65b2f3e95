/**
 * Real-world shapes of inbound mail (tests/server/mailCorpus/*.eml, written after what
 * Outlook, Gmail, Apple Mail and Thunderbird send, plus HTML-only, multi-charset, forwarded,
 * out-of-office, bounce and list mail, a forged sender on a real ticket's subject, a real
 * customer's address forged past our MTA's DMARC check), each
 * answering a real notification of a real ticket, and what each must become.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, CapturedMail, StaffConsole } from '../support/lifecycle';
import { heldMails, messagesOf, outboxTo } from '../support/mail';
import type { MailMessage } from '../../src/server/email/transport';

const corpus = path.join(__dirname, 'mailCorpus');

type Expect =
  | { outcome: 'ticketed'; on: 'notified' | 'new'; body: string | RegExp; subject?: string; attachments?: string[] }
  | { outcome: 'ignored' | 'held'; reason: RegExp };

const cases: Record<string, Expect> = {
  // A closing without the "-- " line stays: only what follows a signature separator is cut.
  'outlook-reply.eml': { outcome: 'ticketed', on: 'notified', body: 'Danke, das hat geholfen – der Cache war schuld.\n\nGrüße\nCarla' },
  'gmail-reply.eml': { outcome: 'ticketed', on: 'notified', body: 'Still blank on the staging site, see below.' },
  'apple-mail-reply.eml': { outcome: 'ticketed', on: 'notified', body: 'Works on my Mac now – thank you!' },
  'thunderbird-reply.eml': { outcome: 'ticketed', on: 'notified', body: 'The export works again after the update.' },
  'html-only.eml': { outcome: 'ticketed', on: 'new', subject: 'HTML only question', body: 'Our invoice PDF shows <blank> pages.\n\nCan you help?' },
  'multi-charset.eml': {
    outcome: 'ticketed', on: 'new', subject: 'Problem mit der Übersetzung приглашение', body: 'Die Übersetzung zeigt Müll.\n\nПривет', attachments: ['Rechnung März.pdf'],
  },
  // A forward is kept whole: the forwarded message is what the customer wants us to see.
  'forwarded.eml': { outcome: 'ticketed', on: 'new', subject: 'Fwd: Error from our shop', body: /^Please look at the error our shop sent us\.\n[\s\S]*Subject: Error from our shop\n[\s\S]*Fatal error: template cache is full$/ },
  'out-of-office.eml': { outcome: 'ignored', reason: /Auto-Submitted: auto-replied/ },
  'bounce.eml': { outcome: 'ignored', reason: /delivery status|mailer-daemon|Return-Path/i },
  'list-mail.eml': { outcome: 'ignored', reason: /Precedence: list/ },
  'forged-subject.eml': { outcome: 'held', reason: /not_on_account/ },
  // A real customer's address forged on a threaded reply: our MTA's verdict (the topmost header
  // with our authserv-id) says dmarc=fail; the "pass" further down is the sender's own word.
  'forged-customer.eml': { outcome: 'held', reason: /^not_authenticated: dmarc=fail$/ },
  // Our MTA says pass: a lower header with our id, or one of another host, saying fail counts for nothing.
  'authenticated-customer.eml': { outcome: 'ticketed', on: 'new', subject: 'Authenticated question', body: 'Signed and aligned: please extend our license.' },
};

describe('the mail corpus', () => {
  let s: TestServer;
  const mail = new CapturedMail();
  let customer: string;
  let staff: StaffConsole;

  beforeAll(async () => {
    s = await startTestServer('pglite', { mailTransport: mail, config: { smtpFrom: 'Helpdesk <helpdesk@vendor.example>', replyToAddress: 'support+<token>@vendor.example', inboundAuthservId: 'mx.vendor.example' } });
    customer = await s.login('customer@example.com');
    staff = new StaffConsole(s, await s.login('admin@example.com'));
  });
  afterAll(async () => {
    await s?.close();
  });

  /** The corpus mail filled in as an answer to the latest notification of a fresh ticket. */
  async function fill(file: string) {
    const t = await answeredTicket(s, customer, staff, { cost: 0, subject: `Corpus ${file}` });
    await s.emailSender.runDue();
    const n = mail.sent.filter((m) => m.subject.includes(`[#${t.number}]`)).at(-1) as MailMessage;
    const raw = readFileSync(path.join(corpus, file), 'latin1')
      .replaceAll('{{NUMBER}}', String(t.number))
      .replaceAll('{{SUBJECT}}', `Corpus ${file}`)
      .replaceAll('{{REPLY_TO}}', n.replyTo!)
      .replaceAll('{{IN_REPLY_TO}}', n.messageId)
      .replaceAll('{{REFERENCES}}', [...(n.references ?? []), n.messageId].join(' '));
    return { t, raw: Buffer.from(raw, 'latin1') };
  }

  for (const [file, want] of Object.entries(cases)) {
    it(`${file}: ${want.outcome}${want.outcome === 'ticketed' ? ` on the ${want.on} ticket` : ''}`, async () => {
      const { t, raw } = await fill(file);
      const before = await messagesOf(s, t.id);
      const r = await s.mailIngest.ingest(raw, 'imap');
      expect(r.outcome).toBe(want.outcome);
      // The same mail twice lands once, whatever it became.
      expect((await s.mailIngest.ingest(raw, 'smtp')).outcome).toBe('duplicate');
      if (want.outcome !== 'ticketed') {
        expect(r.reason).toMatch(want.reason);
        expect(await messagesOf(s, t.id)).toEqual(before);
        return;
      }
      const [target] = await s.ctx.db.query<{ id: number; subject: string; type: string; priority: string }>('SELECT id, subject, type, priority FROM tickets WHERE number = $1', [r.ticketNumber]);
      if (want.on === 'notified') expect(target!.id).toBe(t.id);
      else expect(target).toMatchObject({ subject: want.subject, type: 'tech', priority: 'normal' });
      const messages = await messagesOf(s, target!.id);
      expect(messages.at(-1)).toMatchObject({ kind: 'customer', via: 'email' });
      if (typeof want.body === 'string') expect(messages.at(-1)!.body).toBe(want.body);
      else expect(messages.at(-1)!.body).toMatch(want.body);
      const files = await s.ctx.db.query<{ fileName: string }>('SELECT file_name AS "fileName" FROM attachments WHERE message_id = $1', [messages.at(-1)!.id]);
      expect(files.map((f) => f.fileName)).toEqual(want.attachments ?? []);
    });
  }

  it('answered none of the automatic mail and held the forged one without posting it', async () => {
    for (const to of ['news@lists.example.org', 'mailer-daemon@mx.example.com', 'customer@example.com']) {
      expect((await outboxTo(s, to)).filter((e) => e.eventKey.startsWith('inbound:'))).toEqual([]);
    }
    // The forged customer address is held and never answered: an answer would go to the real customer.
    expect((await heldMails(s)).map((h) => [h.sender, h.reason])).toEqual([['carla.customer@evil.example', 'not_on_account'], ['customer@example.com', 'not_authenticated']]);
  });
});
