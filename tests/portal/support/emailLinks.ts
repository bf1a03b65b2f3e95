/** The link in an email the portal's server wrote (.eml, maybe quoted-printable), for the address it went to. */
import { expect } from 'vitest';
import type { PortalStack } from './portalStack';

export const decodeQuotedPrintable = (raw: string): string =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The emails sent to `to` so far, decoded. */
export function emailsTo(stack: PortalStack, to: string): string[] {
  const header = new RegExp(`^To:.*${escape(to)}`, 'im');
  return stack.emails().map((e) => decodeQuotedPrintable(e.raw)).filter((text) => header.test(text));
}

/** Waits for the `n`th (1-based) email to `to` with a link to `page` (e.g. `/set-password`); returns the link. */
export async function waitForLink(stack: PortalStack, to: string, page: string, n = 1): Promise<string> {
  const pattern = new RegExp(`${escape(stack.url)}${escape(page)}\\?token=[A-Za-z0-9_-]+`, 'g');
  const links = () => emailsTo(stack, to).flatMap((text) => [...new Set(text.match(pattern) ?? [])]);
  await expect.poll(() => links().length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(n);
  return links()[n - 1]!;
}
