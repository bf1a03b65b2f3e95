/**
 * Mail no person wrote: autoresponders, bounces, lists. It is logged and never answered
 * automatically (RFC 3834), so two helpdesks cannot answer each other forever.
 */
import type { InboundMail } from './parseMail';

const header = (m: InboundMail, name: string): string | undefined => m.headers.get(name)?.[0]?.trim();

/** Why the mail is automatic, or null when a person wrote it. */
export function automaticReason(m: InboundMail): string | null {
  const autoSubmitted = header(m, 'auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]!.trim().toLowerCase() !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header(m, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress', 'list-id']) {
    if (m.headers.has(name)) return `${name} header`;
  }
  const contentType = header(m, 'content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report') || m.attachments.some((a) => a.mimeType === 'message/delivery-status')) return 'a delivery status report';
  if (/^(mailer-daemon|postmaster)@/.test(m.from)) return `sent by ${m.from}`;
  const returnPath = m.headers.get('return-path');
  if (returnPath && returnPath.some((v) => /^\s*<\s*>\s*$/.test(v))) return 'empty Return-Path (a bounce)';
  return null;
}
