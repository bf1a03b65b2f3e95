/**
 * The signed per-ticket token in the Reply-To of our notifications
 * (`support+t104-3f9c0a1b2c3d4e5f@vendor.example`): a reply that carries it may join the
 * ticket even from an address that is not one of the account's users (a colleague the
 * customer forwarded the mail to). The HMAC uses the server's local secret, so nobody can
 * make a token for a ticket they never got mail about.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The placeholder in REPLY_TO_ADDRESS that becomes the token. */
export const tokenPlaceholder = '<token>';

const tokenPattern = /\+t(\d{1,15})-([0-9a-f]{16})@/gi;

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
    for (const a of addresses) {
      for (const m of a.matchAll(tokenPattern)) {
        const id = Number(m[1]);
        const given = Buffer.from(m[2]!.toLowerCase());
        if (timingSafeEqual(given, Buffer.from(this.mac(id)))) return id;
      }
    }
    return null;
  }
}
