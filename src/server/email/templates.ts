/**
 * The one layout of every customer notification, as plain text and as HTML. Every piece of
 * text that a customer or staff member wrote is HTML-escaped here, in one place.
 */
import { bodyReference } from './replyToken';

export interface TicketEmailContent {
  number: number;
  /** The ticket's subject as the customer wrote it. */
  ticketSubject: string;
  /** What happened, for the email subject line, e.g. "New reply". */
  headline: string;
  greeting: string;
  paragraphs: string[];
  /** A message quoted in full (a staff reply), so the customer can answer from the email. */
  quote?: { author: string; body: string };
  link: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A subject line stays one line whatever the ticket's subject holds. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The first line of every ticket notification: the inbound parser keeps only what a reply
 * has above it, whatever the customer's mail client does with the quoted rest.
 */
export const replyMarker = '##- Please type your reply above this line -##';

/** A ticket mail's text and HTML with the ticket's signed token after the reply marker, where a quoting reply carries it back. */
export function withReplyToken(m: { text: string; html: string }, token: string): { text: string; html: string } {
  const marked = `${replyMarker} ${bodyReference(token)}`;
  return { text: m.text.replace(replyMarker, marked), html: m.html.replace(escapeHtml(replyMarker), escapeHtml(marked)) };
}

export interface EmailContent {
  subject: string;
  /** Starts the email with the reply marker (mail one can answer into a ticket). */
  replyMarker?: boolean;
  greeting: string;
  paragraphs: string[];
  quote?: { author: string; body: string };
  link: { href: string; textLabel: string; htmlLabel: string };
}

/** The one layout of every notification; all text is escaped here. */
export function renderEmail(c: EmailContent): RenderedEmail {
  const subject = oneLine(c.subject).slice(0, 250);
  const text = [
    ...(c.replyMarker ? [replyMarker, ''] : []),
    c.greeting,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...(c.quote ? [`${c.quote.author} wrote:`, ...c.quote.body.split('\n').map((l) => `> ${l}`), ''] : []),
    `${c.link.textLabel}: ${c.link.href}`,
    '',
    '-- ',
    'Customer account service. You receive this because this address is the account\'s contact address.',
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.4">
${c.replyMarker ? `<p style="color: #777; font-size: smaller">${escapeHtml(replyMarker)}</p>\n` : ''}<p>${escapeHtml(c.greeting)}</p>
${c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${c.quote ? `<p>${escapeHtml(c.quote.author)} wrote:</p>\n<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 1em">${escapeHtml(c.quote.body)}</blockquote>` : ''}
<p><a href="${escapeHtml(c.link.href)}">${escapeHtml(c.link.htmlLabel)}</a></p>
<p style="color: #777; font-size: smaller">Customer account service. You receive this because this address is the account's contact address.</p>
</body></html>
`;
  return { subject, text, html };
}

export function renderTicketEmail(c: TicketEmailContent): RenderedEmail {
  return renderEmail({
    subject: `[#${c.number}] ${c.headline}: ${c.ticketSubject}`,
    replyMarker: true,
    greeting: c.greeting,
    paragraphs: c.paragraphs,
    quote: c.quote,
    link: { href: c.link, textLabel: `Ticket #${c.number}`, htmlLabel: `Open ticket #${c.number}: ${oneLine(c.ticketSubject)}` },
  });
}
