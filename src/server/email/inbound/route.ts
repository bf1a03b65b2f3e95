/**
 * Which ticket a mail is for, and whether its sender may write to it. Matched in order: the
 * thread (In-Reply-To/References against the Message-IDs we sent, or earlier mail of the
 * customer's), the signed token in the reply address, then `[#number]` in the subject, which
 * anyone can type, so it counts only when the sender is a user of that ticket's account.
 */
import type { Queryable } from '../../db/database';
import { queryBuilder } from '../../db/queryBuilder';
import { emailIs } from '../../auth/userEmail';
import type { ReplyTokens } from '../replyToken';
import type { InboundMail } from './parseMail';

export interface Sender {
  id: number;
  accountId: number;
}

/** Why a mail waits for a dispatcher. */
export type HeldReason = 'unknown_sender' | 'not_on_account' | 'flood' | 'too_large' | 'refused';

export type Route = { ticketId: number } | { newTicketFor: Sender } | { held: HeldReason };

/** The active customer user (primary or secondary) with this address. */
export async function senderUser(db: Queryable, address: string): Promise<Sender | null> {
  const row = await queryBuilder(db)
    .selectFrom('users')
    .select(['id', 'accountId'])
    .where((eb) => emailIs(eb, address))
    .where('active', '=', true)
    .where('role', 'in', ['customer.primary', 'customer.secondary'])
    .where('accountId', 'is not', null)
    .executeTakeFirst();
  return row ? { id: row.id, accountId: row.accountId! } : null;
}

async function threadTicket(db: Queryable, thread: string[]): Promise<number | null> {
  if (!thread.length) return null;
  const q = queryBuilder(db);
  const rows = await q
    .selectFrom('emailOutbox').select(['ticketId', 'messageId']).where('messageId', 'in', thread).where('ticketId', 'is not', null)
    .unionAll(q.selectFrom('inboundMails').select(['ticketId', 'headerMessageId as messageId']).where('headerMessageId', 'in', thread).where('ticketId', 'is not', null))
    .execute();
  const byId = new Map(rows.map((r) => [r.messageId, r.ticketId!]));
  // The mail it answers directly wins over older ones further up the thread.
  for (const id of thread) if (byId.has(id)) return byId.get(id)!;
  return null;
}

async function ticketAccount(db: Queryable, by: { id: number } | { number: number }): Promise<{ id: number; accountId: number } | null> {
  const q = queryBuilder(db).selectFrom('tickets').select(['id', 'accountId']);
  return (await ('id' in by ? q.where('id', '=', by.id) : q.where('number', '=', by.number)).executeTakeFirst()) ?? null;
}

export async function routeMail(db: Queryable, tokens: ReplyTokens, m: InboundMail, sender: Sender | null): Promise<Route> {
  const tokenTicket = tokens.ticketIn(m.recipients);
  const onAccount = (accountId: number) => sender !== null && sender.accountId === accountId;
  const threaded = await threadTicket(db, m.thread);
  if (threaded !== null) {
    const t = (await ticketAccount(db, { id: threaded }))!;
    return onAccount(t.accountId) || tokenTicket === t.id ? { ticketId: t.id } : { held: 'not_on_account' };
  }
  if (tokenTicket !== null && (await ticketAccount(db, { id: tokenTicket }))) return { ticketId: tokenTicket };
  const number = /\[#(\d{1,15})\]/.exec(m.subject)?.[1];
  if (number) {
    const t = await ticketAccount(db, { number: Number(number) });
    if (t && onAccount(t.accountId)) return { ticketId: t.id };
    if (t) return { held: 'not_on_account' };
  }
  return sender ? { newTicketFor: sender } : { held: 'unknown_sender' };
}
