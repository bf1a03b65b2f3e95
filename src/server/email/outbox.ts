/**
 * The durable email outbox: an email is a row written in the transaction of the event it
 * tells about, so it exists exactly when the event committed. The unique event key makes a
 * retried or raced event still one email; the sender (emailSender.ts) delivers the rows.
 */
import type { Queryable } from '../db/database';

/** NOTIFYed at commit of a new email, to wake the senders of every process at once. */
export const outboxChannel = 'sb_outbox';

export interface OutgoingEmail {
  /** One email per event, e.g. `ticket:12:pre_closed:7` or `message:88:staff_reply`. */
  eventKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Queues an email in the caller's transaction; returns false when the event already has one. */
export async function enqueueEmail(tx: Queryable, now: number, e: OutgoingEmail): Promise<boolean> {
  const rows = await tx.query<{ id: number }>(
    `WITH queued AS (
       INSERT INTO email_outbox (event_key, to_address, subject, text_body, html_body, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (event_key) DO NOTHING RETURNING id)
     SELECT id, pg_notify($7, id::text) FROM queued`,
    [e.eventKey, e.to, e.subject, e.text, e.html, now, outboxChannel],
  );
  return rows.length > 0;
}
