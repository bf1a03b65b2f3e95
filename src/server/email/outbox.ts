/**
 * The durable email outbox: an email is a row written in the transaction of the event it
 * tells about, so it exists exactly when the event committed. The unique event key makes a
 * retried or raced event still one email; the sender (emailSender.ts) delivers the rows.
 */
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

/** NOTIFYed at commit of a new email, to wake the senders of every process at once. */
export const outboxChannel = 'sb_outbox';

export interface OutgoingEmail {
  /** One email per event, e.g. `ticket:12:pre_closed:7` or `message:88:staff_reply`. */
  eventKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The ticket the email is about: its replies are matched to it by Message-ID and Reply-To token. */
  ticketId?: number;
}

/** Queues an email in the caller's transaction; returns false when the event already has one. */
export async function enqueueEmail(tx: Queryable, now: number, e: OutgoingEmail): Promise<boolean> {
  const rows = await queryBuilder(tx)
    .with('queued', (q) =>
      q
        .insertInto('emailOutbox')
        .values({ eventKey: e.eventKey, toAddress: e.to, subject: e.subject, textBody: e.text, htmlBody: e.html, ticketId: e.ticketId ?? null, nextAttemptAt: now, createdAt: now })
        .onConflict((oc) => oc.column('eventKey').doNothing())
        .returning('id'),
    )
    .selectFrom('queued')
    // The NOTIFY is sent at commit, so a sender woken by it finds the row.
    .select((eb) => ['id', eb.fn('pg_notify', [eb.val(outboxChannel), eb.cast('id', 'text')]).as('notified')])
    .execute();
  return rows.length > 0;
}
