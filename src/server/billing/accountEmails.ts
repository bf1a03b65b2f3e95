/**
 * Notifications about an account rather than a ticket (DOMAIN.md "Notifications"): license
 * verified, transfer requested/approved/accepted, URL change approved, invoice issued, order
 * rejected. Queued in the event's transaction to the account's contact address; the event key
 * makes one email per event however often the event is retried.
 */
import { queryBuilder } from '../db/queryBuilder';
import { enqueueEmail } from '../email/outbox';
import { renderEmail } from '../email/templates';
import type { ChangeWriter } from '../sync/changeLog';

export interface AccountNotice {
  /** Unique per event, e.g. `order:12:verified`. */
  eventKey: string;
  accountId: number;
  headline: string;
  paragraphs: string[];
  /** Path on the customer account site, e.g. `/licenses`. */
  path: string;
  linkLabel: string;
}

export async function emailAccount(w: ChangeWriter, publicUrl: string, n: AccountNotice): Promise<void> {
  const a = await queryBuilder(w.tx).selectFrom('accounts').select(['contactEmail as to', 'company']).where('id', '=', n.accountId).executeTakeFirst();
  if (!a) return;
  const href = `${publicUrl}${n.path}`;
  const rendered = renderEmail({
    subject: `${n.headline}: ${a.company}`,
    greeting: `Dear ${a.company},`,
    paragraphs: n.paragraphs,
    link: { href, textLabel: n.linkLabel, htmlLabel: n.linkLabel },
  });
  await enqueueEmail(w, w.now, { eventKey: n.eventKey, to: a.to, ...rendered });
}
