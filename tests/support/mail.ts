/**
 * Mail as a customer's client would send it, composed by nodemailer (real MIME: encodings,
 * multipart, attachments), and the helpers the inbound tests share.
 */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { MailMessage } from '../../src/server/email/transport';
import type { TestServer } from './testServer';

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

let counter = 0;

/** A raw mail; a fresh Message-ID unless the options give one (`messageId: ''` for none). */
export async function composeMail(o: Mail.Options & { messageId?: string }): Promise<Buffer> {
  counter += 1;
  const messageId = o.messageId === '' ? undefined : (o.messageId ?? `<test.${counter}.${process.pid}.${Date.now()}@client.example>`);
  const info = await composer.sendMail({ to: 'support@vendor.example', ...o, messageId });
  let raw = info.message as Buffer;
  // nodemailer always writes a Message-ID: a mail without one has it taken out again.
  if (!messageId) raw = Buffer.from(raw.toString('latin1').replace(/^Message-ID:.*\r\n/im, ''), 'latin1');
  return raw;
}

/** A reply to one of our notifications as a mail client writes it: threaded, to the Reply-To, quoting us. */
export function replyTo(n: MailMessage, o: Mail.Options & { messageId?: string }): Promise<Buffer> {
  return composeMail({
    to: n.replyTo ?? 'support@vendor.example',
    subject: `Re: ${n.subject}`,
    inReplyTo: n.messageId,
    references: [...(n.references ?? []), n.messageId],
    text: `${String(o.text ?? '')}\n\nOn Tue, 3 Nov 2026 at 10:00, Helpdesk <helpdesk@vendor.example> wrote:\n${n.text.split('\n').map((l) => `> ${l}`).join('\n')}\n`,
    ...Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'text')),
  });
}

export async function messagesOf(s: TestServer, ticketId: number) {
  return s.ctx.db.query<{ id: number; kind: string; body: string; via: string; authorUserId: number | null }>(
    'SELECT id, kind, body, via, author_user_id AS "authorUserId" FROM ticket_messages WHERE ticket_id = $1 ORDER BY id',
    [ticketId],
  );
}

export async function heldMails(s: TestServer) {
  return s.ctx.db.query<{ id: number; sender: string; subject: string; reason: string; state: string; body: string }>(
    'SELECT id, sender, subject, reason, state, body FROM held_mails ORDER BY id',
  );
}

export async function outboxTo(s: TestServer, to: string) {
  return s.ctx.db.query<{ eventKey: string; subject: string; text: string }>(
    'SELECT event_key AS "eventKey", subject, text_body AS text FROM email_outbox WHERE to_address = $1 ORDER BY id',
    [to],
  );
}
