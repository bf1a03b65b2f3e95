/**
 * One inbound mail as the ingest needs it, read with postal-mime: charsets, encoded words
 * (RFC 2047/2231) and MIME trees are its job. What a customer wrote is cut from what they
 * quoted (replyText.ts); HTML-only mail becomes plain text, never HTML in a ticket.
 */
import PostalMime, { type Address } from 'postal-mime';
import { replyText } from './replyText';

export interface InboundAttachment {
  fileName: string;
  mimeType: string;
  content: Buffer;
  /** An inline image's Content-ID (kept as an attachment: the text cannot show it). */
  contentId: string | null;
}

export interface InboundMail {
  messageId: string | null;
  /** The From address, lower-cased; '' when there is none. */
  from: string;
  subject: string;
  /** Message-IDs this mail answers (In-Reply-To, then References), newest first. */
  thread: string[];
  /** Every address the mail went to (To, Cc, Delivered-To and the SMTP envelope): where a reply token can be. */
  recipients: string[];
  /** Header values by lower-case name. */
  headers: Map<string, string[]>;
  /** The text and HTML parts whole, quotes included (where the reply marker with its token is). */
  rawText: string;
  /** The customer's own words: quoted text and signature cut. */
  body: string;
  attachments: InboundAttachment[];
}

const messageIds = (value: string | undefined): string[] => value?.match(/<[^<>\s\0]+>/g) ?? [];

const addresses = (list: Address[] | undefined): string[] =>
  (list ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address ?? ''])).filter(Boolean).map((a) => a.toLowerCase());

export class UnparseableMail extends Error {}

// Windows-1252's characters at 0x80-0x9f (Outlook's dashes and quotes), as WHATWG decoding has
// them; a part decoded as Latin-1 leaves invisible C1 controls there instead.
const cp1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const withoutC1 = (s: string): string => s.replace(/[\u0080-\u009f]/g, (c) => cp1252[c.charCodeAt(0) - 0x80]!);
// PostgreSQL text holds no NUL: one in a mail (a pasted binary) would fail its write on every round.
const storable = (s: string): string => s.replace(/\0/g, '');
const text = (s: string): string => storable(withoutC1(s));

export async function parseMail(raw: Buffer, envelopeTo: readonly string[] = []): Promise<InboundMail> {
  let mail;
  try {
    mail = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
  } catch (err) {
    throw new UnparseableMail(`the MIME structure could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const headers = new Map<string, string[]>();
  for (const h of mail.headers) headers.set(h.key, [...(headers.get(h.key) ?? []), h.value]);
  const from = mail.from && !mail.from.group ? storable(mail.from.address ?? '').toLowerCase() : '';
  // postal-mime makes no text of an HTML-only mail: it is converted here, quotes cut first.
  const htmlOnly = !mail.text?.trim() && !!mail.html;
  return {
    messageId: messageIds(mail.messageId)[0] ?? null,
    from,
    subject: text(mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    thread: [...messageIds(mail.inReplyTo), ...messageIds(mail.references).reverse()],
    recipients: [...addresses(mail.to), ...addresses(mail.cc), ...(mail.deliveredTo ? [mail.deliveredTo.toLowerCase()] : []), ...envelopeTo.map((a) => a.toLowerCase())],
    headers,
    rawText: `${mail.text ?? ''}\n${mail.html ?? ''}`,
    body: text(replyText(mail.text ?? '', htmlOnly ? (mail.html ?? null) : null)),
    attachments: mail.attachments.map((a, i) => ({
      fileName: storable(a.filename ?? '').trim() || `attachment-${i + 1}${a.mimeType.startsWith('image/') ? `.${a.mimeType.slice(6).replace(/[^a-z0-9]/g, '')}` : ''}`,
      mimeType: a.mimeType,
      content: Buffer.from(a.content as ArrayBuffer),
      contentId: a.contentId ?? null,
    })),
  };
}
