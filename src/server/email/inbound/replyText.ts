/**
 * The part of a reply that the customer wrote. Our own mail starts with a marker line, so
 * anything from a quoted marker on is ours; other clients' quoting ("On … wrote:", Outlook's
 * "From: … Sent:", "-----Original Message-----") and signatures go through email-reply-parser.
 * HTML-only mail loses its quoted blocks first and then becomes plain text, so no customer
 * HTML ever reaches a ticket (and the console shows text as text anyway).
 */
import EmailReplyParser from 'email-reply-parser';
import { replyMarker } from '../templates';

// Only the words: clients re-wrap, quote or entity-encode the "##-" around them.
const markerWords = replyMarker.replace(/^[#\s-]+|[#\s-]+$/g, '');

/** Quoting blocks of HTML mail clients: Gmail, Outlook (web and desktop), Apple Mail, Thunderbird. */
const htmlQuotes = [
  /<blockquote\b[\s\S]*$/i,
  /<div[^>]*class="?gmail_quote[\s\S]*$/i,
  /<div[^>]*id="?(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)[\s\S]*$/i,
  /<hr\b[^>]*>[\s\S]*$/i,
];

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntity(whole: string, name: string): string {
  const code = name[0] !== '#' ? undefined : name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  if (code === undefined) return entities[name.toLowerCase()] ?? whole;
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

/** Tags go, blocks become line breaks, entities become characters (after the tags are gone: `&lt;b&gt;` stays text). */
export function htmlToText(html: string): string {
  let cut = html;
  const markerAt = cut.indexOf(markerWords);
  if (markerAt >= 0) cut = cut.slice(0, markerAt);
  for (const q of htmlQuotes) cut = cut.replace(q, '');
  return cut
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<\/?(p|div|tr|table|h[1-6]|ul|ol|li|pre|section|article|header|footer)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, decodeEntity)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function replyText(text: string, htmlOnly: string | null): string {
  let t = (htmlOnly !== null ? htmlToText(htmlOnly) : text).replace(/\r\n?/g, '\n');
  const lines = t.split('\n');
  const markerLine = lines.findIndex((l) => l.includes(markerWords));
  if (markerLine >= 0) t = lines.slice(0, markerLine).join('\n');
  const reply = new EmailReplyParser().parseReply(t).trim();
  // A mail that is all quote (or one the parser cuts to nothing) keeps its words rather than none.
  return (reply || t.trim() || text.trim()).replace(/\n{3,}/g, '\n\n');
}
