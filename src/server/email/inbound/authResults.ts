/**
 * Whether our own MTA found a mail's sender forged (RFC 8601 Authentication-Results). Only the
 * topmost header naming our authserv-id (INBOUND_AUTHSERV_ID) is read: our MTA prepends its
 * own above whatever the mail came with, so one further down with the same id is the
 * sender's word, not ours. Unset: no header is trusted, and nothing is held for it.
 */
import type { InboundMail } from './parseMail';

/** Why the mail's sender is not authenticated, or null (authenticated, or no verdict of ours). */
export function unauthenticatedReason(m: InboundMail, authservId: string | undefined): string | null {
  if (!authservId) return null;
  const id = authservId.toLowerCase();
  const ours = (m.headers.get('authentication-results') ?? [])
    .map((v) => v.replace(/\([^()]*\)/g, ' '))
    .find((v) => (v.split(';')[0] ?? '').trim().split(/\s+/)[0]?.toLowerCase() === id);
  if (ours === undefined) return null;
  const results = new Map<string, string[]>();
  for (const part of ours.split(';').slice(1)) {
    const r = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
    if (r) results.set(r[1]!.toLowerCase(), [...(results.get(r[1]!.toLowerCase()) ?? []), r[2]!.toLowerCase()]);
  }
  if (results.get('dmarc')?.includes('fail')) return 'dmarc=fail';
  if (results.get('spf')?.includes('fail') && !results.get('dkim')?.includes('pass')) return 'spf=fail without dkim=pass';
  return null;
}
