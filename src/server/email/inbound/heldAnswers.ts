/**
 * The one answer a held mail may get: a stranger learns how to reach support (once per
 * address, ever: the outbox's event key), a mail over the size limit learns the limit. Floods
 * and everything else get none; automatic mail never reaches here.
 */
import type { ChangeWriter } from '../../sync/changeLog';
import { enqueueEmail } from '../outbox';
import { renderEmail } from '../templates';
import type { InboundMail } from './parseMail';
import type { HeldReason } from './route';

export async function answerHeld(w: ChangeWriter, publicUrl: string, reason: HeldReason, inboundId: number, m: InboundMail, maxBytes: number): Promise<void> {
  const link = { href: publicUrl, textLabel: 'Customer account site', htmlLabel: 'Open the customer account site' };
  const about = m.subject ? `your mail "${m.subject.slice(0, 200)}"` : 'your mail';
  if (reason === 'unknown_sender') {
    const rendered = renderEmail({
      subject: `We could not file your mail: ${m.subject}`.slice(0, 250),
      greeting: 'Hello,',
      paragraphs: [
        `We received ${about}, but ${m.from} is not the address of a user of a customer account, so it could not become a support ticket. Our staff will look at it.`,
        'To reach support, write from the address you sign in to the customer account site with, or post your question there.',
      ],
      link,
    });
    await enqueueEmail(w, w.now, { eventKey: `inbound:unknown_sender:${m.from}`, to: m.from, ...rendered });
  }
  if (reason === 'too_large') {
    const mb = (maxBytes / 1024 / 1024).toFixed(0);
    const rendered = renderEmail({
      subject: `Your mail is too large: ${m.subject}`.slice(0, 250),
      greeting: 'Hello,',
      paragraphs: [
        `We received ${about}, but it is larger than the limit of ${mb} MB, so it was not added to a ticket. Our staff will look at it.`,
        'Please send large files through the customer account site, or split them over several mails.',
      ],
      link,
    });
    await enqueueEmail(w, w.now, { eventKey: `inbound:too_large:${inboundId}`, to: m.from, ...rendered });
  }
}
