/**
 * The customer notifications of DOMAIN.md about tickets: a staff public reply, pre-closed
 * (with the cost), closed (with the points charged) and a follow-up ticket opened for a late
 * message. Each is queued in the event's transaction, to the account's contact address.
 */
import { queryBuilder } from '../db/queryBuilder';
import type { ChangeWriter } from '../sync/changeLog';
import { describePeriod } from '../lifecycle/describePeriod';
import { enqueueEmail } from './outbox';
import { renderTicketEmail, type TicketEmailContent } from './templates';

async function ticketForEmail(w: ChangeWriter, ticketId: number) {
  const t = await queryBuilder(w)
    .selectFrom('tickets as t')
    .innerJoin('accounts as a', 'a.id', 't.accountId')
    .select(['t.id', 't.number', 't.subject', 'a.contactEmail as to', 'a.company'])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  return t!;
}

type TicketForEmail = Awaited<ReturnType<typeof ticketForEmail>>;

export const ticketLink = (publicUrl: string, number: number): string => `${publicUrl}/tickets/${number}`;

const points = (n: number): string => `${n} support point${n === 1 ? '' : 's'}`;

async function queue(w: ChangeWriter, eventKey: string, t: TicketForEmail, content: Omit<TicketEmailContent, 'number' | 'ticketSubject' | 'greeting'>): Promise<void> {
  const rendered = renderTicketEmail({ ...content, number: t.number, ticketSubject: t.subject, greeting: `Dear ${t.company},` });
  await enqueueEmail(w, w.now, { eventKey, to: t.to, ticketId: t.id, ...rendered });
}

export async function emailStaffReply(w: ChangeWriter, publicUrl: string, ticketId: number, messageId: number, staffName: string, body: string): Promise<void> {
  const t = await ticketForEmail(w, ticketId);
  await queue(w, `message:${messageId}:staff_reply`, t, {
    headline: 'New reply',
    paragraphs: [`There is a new reply to your ticket #${t.number}. You can answer it in the Communication Center, or with the text below at hand.`],
    quote: { author: staffName, body },
    link: ticketLink(publicUrl, t.number),
  });
}

export async function emailPreClosed(
  w: ChangeWriter, publicUrl: string, ticketId: number, version: number, o: { cost: number; closesAfterMs: number },
): Promise<void> {
  const t = await ticketForEmail(w, ticketId);
  const cost = o.cost > 0 ? `The cost of this ticket is ${points(o.cost)}, deducted from your account when it closes.` : 'This ticket is free of charge.';
  await queue(w, `ticket:${ticketId}:pre_closed:${version}`, t, {
    headline: 'Pre-closed',
    paragraphs: [
      `We have not heard from you since our reply, so ticket #${t.number} is now PRE CLOSED.`,
      cost,
      `If your question is not resolved, post a message to the ticket. Without feedback from you it closes in ${describePeriod(o.closesAfterMs)}.`,
    ],
    link: ticketLink(publicUrl, t.number),
  });
}

export async function emailClosed(w: ChangeWriter, publicUrl: string, ticketId: number, version: number, o: { charged: number; reopenWindowMs: number }): Promise<void> {
  const t = await ticketForEmail(w, ticketId);
  await queue(w, `ticket:${ticketId}:closed:${version}`, t, {
    headline: 'Closed',
    paragraphs: [
      `Ticket #${t.number} is now closed.`,
      o.charged > 0 ? `${points(o.charged)} ${o.charged === 1 ? 'has' : 'have'} been deducted from your account for it.` : 'No support points were charged for it now.',
      `You can reopen it within ${describePeriod(o.reopenWindowMs)} if the same problem comes back; after that, a new message starts a follow-up ticket.`,
    ],
    link: ticketLink(publicUrl, t.number),
  });
}

export async function emailFollowUpCreated(w: ChangeWriter, publicUrl: string, oldTicketId: number, newTicketId: number): Promise<void> {
  const old = await ticketForEmail(w, oldTicketId);
  const t = await ticketForEmail(w, newTicketId);
  await queue(w, `ticket:${newTicketId}:follow_up_created`, t, {
    headline: 'New follow-up ticket',
    paragraphs: [
      `Ticket #${old.number} was closed too long ago to be reopened, so your message started a new ticket #${t.number}, a follow-up to #${old.number}.`,
      'Our dispatchers will classify it and our staff will answer it there.',
    ],
    link: ticketLink(publicUrl, t.number),
  });
}
