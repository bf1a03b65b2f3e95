/**
 * The one answer a held mail may get. A sender who is not a user of a customer account gets
 * at most one answer, ever, whatever its mails were held for (the outbox's event key per
 * address): it tells how to reach support, and the size limit too when that mail was over
 * it. A known user's mail over the limit learns the limit, each time. Floods and everything
 * else get none; automatic mail never reaches here.
 */
import type { ChangeWriter } from '../../sync/changeLog';
import { enqueueEmail } from '../outbox';
import { renderEmail } from '../templates';
import type { InboundMail } from './parseMail';
import { senderUser, type HeldReason } from './route';

export async function answerHeld(w: ChangeWriter, publicUrl: string, reason: HeldReason, inboundId: number, m: InboundMail, maxBytes: number): Promise<void> {
  if (reason !== 'unknown_sender' && reason !== 'too_large') return;
  // A mail over the limit was held before its sender was looked up.
  const stranger = reason === 'unknown_sender' || (await senderUser(w, m.from)) === null;
  const about = m.subject ? `your mail "${m.subject.slice(0, 200)}"` : 'your mail';
  const paragraphs: string[] = [];
  if (reason === 'too_large') {
    const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
    paragraphs.push(
      `We received ${about}, but it is larger than the limit of ${limit}, so it was not added to a ticket. Our staff will look at it.`,
      'Please send large files through the customer account site, or split them over several mails.',
    );
  }
  if (stranger) {
    paragraphs.push(
      `${reason === 'too_large' ? 'Also' : `We received ${about}, but`} ${m.from} is not the address of a user of a customer account, so it could not become a support ticket.${reason === 'too_large' ? '' : ' Our staff will look at it.'}`,
      'To reach support, write from the address you sign in to the customer account site with, or post your question there.',
    );
  }
  const rendered = renderEmail({
    subject: `${reason === 'too_large' ? 'Your mail is too large' : 'We could not file your mail'}: ${m.subject}`.slice(0, 250),
    greeting: 'Hello,',
    paragraphs,
    link: { href: publicUrl, textLabel: 'Customer account site', htmlLabel: 'Open the customer account site' },
  });
  await enqueueEmail(w, w.now, { eventKey: stranger ? `inbound:unknown_sender:${m.from}` : `inbound:too_large:${inboundId}`, to: m.from, ...rendered });
}
