/**
 * A customer's words reaching the helpdesk, from the portal or by email: one set of rules
 * (DOMAIN.md). A new message starts a ticket; a message to an answered or pre-closed ticket
 * reopens it and restarts the turnaround clock; to a ticket closed longer than the reopen
 * window ago it starts a follow-up. The portal asks for an explicit reopen of a ticket closed
 * within the window; a mail, which has no reopen button, reopens it (`reopenClosed`).
 */
import type { MessageVia, Priority, TicketType } from '../../shared/domain/model';
import { refreshStanding } from '../accounts/standing';
import { queryBuilder } from '../db/queryBuilder';
import { conflict } from '../http/errors';
import { describePeriod } from '../lifecycle/describePeriod';
import { applyTransition, insertTicket } from './ticketCommands';
import { reopenWindowPassed, startFollowUp, type CustomerWords } from './followUp';
import { insertMessage, lockTicket, type TicketRow } from './ticketStore';
import type { TransitionEnv } from './transitionEffects';

export type { CustomerWords };

export interface Posted {
  ticketId: number;
  number: number;
  messageId: number;
  /** Set when the message started a follow-up: the closed ticket's number. */
  followUpOf: number | null;
}

export async function postCustomerMessage(env: TransitionEnv, t: TicketRow, m: CustomerWords, o: { reopenClosed: boolean }): Promise<Posted> {
  if (reopenWindowPassed(t, env.w.now, env.settings)) {
    const f = await startFollowUp(env, t, m);
    return { ...f, followUpOf: t.number };
  }
  let row = t;
  if (t.status === 'closed' && t.mergedIntoId === null) {
    if (!o.reopenClosed) {
      throw conflict('ticket_closed', `ticket #${t.number} is closed: reopen it to continue this conversation (possible for ${describePeriod(env.settings.reopenWindowMs)} after it closed), then post your message`);
    }
    await applyTransition(env, t, { type: 'reopen', by: 'customer' });
    row = await lockTicket(env.w, { id: t.id });
  }
  await applyTransition(env, row, { type: 'customer_message' });
  const messageId = await insertMessage(env.w, { ticketId: t.id, authorUserId: m.authorUserId, kind: 'customer', body: m.body, via: m.via });
  return { ticketId: t.id, number: t.number, messageId, followUpOf: null };
}

export interface NewCustomerTicket extends CustomerWords {
  accountId: number;
  type: TicketType;
  subject: string;
  priority: Priority;
  hotRush: boolean;
  licenseId?: number | null;
  productVersion?: string;
}

/**
 * A new ticket with its first message, in the department that takes its type (none takes
 * complaints: a dispatcher routes them, as they do a type whose department is archived).
 * The department is locked FOR SHARE against an archive running at the same time.
 */
export async function createCustomerTicket(env: TransitionEnv, n: NewCustomerTicket): Promise<Omit<Posted, 'followUpOf'>> {
  const db = queryBuilder(env.w.tx);
  const dept = await db.selectFrom('departments').select('id').where('defaultForType', '=', n.type).where('archivedAt', 'is', null).forShare().executeTakeFirst();
  const id = await insertTicket(env, {
    accountId: n.accountId, authorUserId: n.authorUserId, type: n.type, subject: n.subject, priority: n.priority,
    hotRush: n.hotRush, departmentId: dept?.id ?? null, licenseId: n.licenseId ?? null, productVersion: n.productVersion,
  });
  const messageId = await insertMessage(env.w, { ticketId: id, authorUserId: n.authorUserId, kind: 'customer', body: n.body, via: n.via });
  await refreshStanding(env.w, n.accountId);
  const row = await db.selectFrom('tickets').select('number').where('id', '=', id).executeTakeFirstOrThrow();
  return { ticketId: id, number: row.number, messageId };
}
