/**
 * DOMAIN.md: "closed, window passed: a customer message starts a new ticket with
 * follow-up-of = old ticket". The new ticket keeps the old one's account, type, license and
 * department, holds the message, waits for a dispatcher (status new), and the customer is
 * told by email as well as in the answer.
 */
import type { LifecycleSettings, MessageVia } from '../../shared/domain/model';
import { refreshStanding } from '../accounts/standing';
import { queryBuilder } from '../db/queryBuilder';
import { emailFollowUpCreated } from '../email/ticketEmails';
import { insertTicket } from './ticketCommands';
import { insertMessage, type TicketRow } from './ticketStore';
import type { TransitionEnv } from './transitionEffects';

/** The reopen window has passed: a message can no longer go to this ticket, only to a follow-up. */
export function reopenWindowPassed(t: Pick<TicketRow, 'status' | 'mergedIntoId' | 'closedAt'>, now: number, settings: LifecycleSettings): boolean {
  return t.status === 'closed' && t.mergedIntoId === null && t.closedAt !== null && now - t.closedAt > settings.reopenWindowMs;
}

/** What a customer wrote, by the portal or by email (customerMessage.ts posts it; a follow-up may take it). */
export interface CustomerWords {
  /** The account user who wrote it; null for a mail that carried the ticket's signed token from another address. */
  authorUserId: number | null;
  body: string;
  via: MessageVia;
}

/** Opens the follow-up of `old` holding the customer's message. */
export async function startFollowUp(c: TransitionEnv, old: TicketRow, m: CustomerWords): Promise<{ ticketId: number; number: number; messageId: number }> {
  const db = queryBuilder(c.w.tx);
  const extra = await db.selectFrom('tickets').select(['licenseId', 'productVersion', 'departmentId']).where('id', '=', old.id).executeTakeFirstOrThrow();
  const id = await insertTicket(c, {
    accountId: old.accountId,
    authorUserId: m.authorUserId,
    type: old.type === 'log' ? 'tech' : old.type,
    subject: `Follow-up to #${old.number}: ${old.subject}`.slice(0, 300),
    priority: old.priority,
    // HotRush is paid per ticket: the customer sets it again if the follow-up is urgent.
    hotRush: false,
    departmentId: extra.departmentId,
    licenseId: extra.licenseId,
    productVersion: extra.productVersion,
    followUpOfId: old.id,
  });
  const messageId = await insertMessage(c.w, { ticketId: id, authorUserId: m.authorUserId, kind: 'customer', body: m.body, via: m.via });
  await refreshStanding(c.w, old.accountId);
  await emailFollowUpCreated(c.w, c.publicUrl, old.id, id);
  const row = await db.selectFrom('tickets').select('number').where('id', '=', id).executeTakeFirstOrThrow();
  return { ticketId: id, number: row.number, messageId };
}
