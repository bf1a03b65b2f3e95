/**
 * The signed per-ticket token of our notifications, in their Reply-To
 * (`support+t104-3f9c0a1b2c3d4e5f@vendor.example`) and in the "reply above this line" marker
 * of their text and HTML (`[ref:t104-3f9c0a1b2c3d4e5f]`), where a reply that quotes us carries
 * it back even when REPLY_TO_ADDRESS is unset or the client answered to another address. A
 * reply that carries it may join the ticket even from an address that is not one of the
 * account's users (a colleague the customer forwarded the mail to). The HMAC uses the
 * server's local secret, so nobody can make a token for a ticket they never got mail about.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The placeholder in REPLY_TO_ADDRESS that becomes the token. */
export const tokenPlaceholder = '<token>';

const addressPattern = /\+t(\d{1,15})-([0-9a-f]{16})@/gi;
const bodyPattern = /\[ref:t(\d{1,15})-([0-9a-f]{16})\]/gi;

/** How the token is written in a body. */
export const bodyReference = (token: string): string => `[ref:${token}]`;

export class ReplyTokens {
  constructor(private readonly secret: string) {}

  private mac(ticketId: number): string {
    return createHmac('sha256', this.secret).update(`ticket-reply:${ticketId}`).digest('hex').slice(0, 16);
  }

  tokenFor(ticketId: number): string {
    return `t${ticketId}-${this.mac(ticketId)}`;
  }

  /** REPLY_TO_ADDRESS with this ticket's token in place of `<token>`. */
  address(template: string, ticketId: number): string {
    return template.replace(tokenPlaceholder, this.tokenFor(ticketId));
  }

  /** The ticket whose valid token one of the addresses carries, or null (a forged token is no token). */
  ticketIn(addresses: readonly string[]): number | null {
    return this.firstValid(addresses, addressPattern);
  }

  /** The ticket whose valid body reference the text carries (the quoted part of a reply included), or null. */
  ticketInText(text: string): number | null {
    return this.firstValid([text], bodyPattern);
  }

  /** The one check of a token, wherever it was found. */
  private firstValid(texts: readonly string[], pattern: RegExp): number | null {
    for (const t of texts) {
      for (const m of t.matchAll(pattern)) {
        const id = Number(m[1]);
        const given = Buffer.from(m[2]!.toLowerCase());
        if (timingSafeEqual(given, Buffer.from(this.mac(id)))) return id;
      }
    }
    return null;
  }
}
