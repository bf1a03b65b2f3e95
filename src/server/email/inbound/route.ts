/**
 * Which ticket a mail is for, and whether its sender may write to it. Matched in order: the
 * thread (In-Reply-To/References against the Message-IDs we sent, or earlier mail of the
 * customer's), the signed token in the reply address or in the quoted reply marker, then
 * `[#number]` in the subject, which anyone can type, so it counts only when the sender is a
 * user of that ticket's account.
 *
 * A valid token lets any sender in, as the sender rule says ("a user of the ticket's
 * account, or it carries the ticket's signed token"): a colleague the customer forwarded our
 * mail to, quoting it, joins the ticket. Only someone who got that mail can quote it; an
 * altered or made-up token is no token.
 *
 * A batch of mails (a round of the IMAP watcher) is routed from three reads however many
 * mails it holds: their senders, their threads, and the tickets these name.
 */
import type { Queryable } from '../../db/database';
import { queryBuilder } from '../../db/queryBuilder';
import { emailIs, emailIsOneOf } from '../../auth/userEmail';
import type { ReplyTokens } from '../replyToken';
import type { InboundMail } from './parseMail';

export interface Sender {
  id: number;
  accountId: number;
}

/** Why a mail waits for a dispatcher. */
export type HeldReason = 'unknown_sender' | 'not_on_account' | 'flood' | 'too_large' | 'refused' | 'not_authenticated';

export type Route = { ticketId: number } | { newTicketFor: Sender } | { held: HeldReason };

const customerRoles = ['customer.primary', 'customer.secondary'] as const;

/** The active customer user (primary or secondary) with this address. */
export async function senderUser(db: Queryable, address: string): Promise<Sender | null> {
  const row = await queryBuilder(db)
    .selectFrom('users')
    .select(['id', 'accountId'])
    .where((eb) => emailIs(eb, address))
    .where('active', '=', true)
    .where('role', 'in', customerRoles)
    .where('accountId', 'is not', null)
    .executeTakeFirst();
  return row ? { id: row.id, accountId: row.accountId! } : null;
}

/** The active customer users with these (lower-cased) addresses, by address. */
async function senderUsers(db: Queryable, addresses: string[]): Promise<Map<string, Sender>> {
  if (!addresses.length) return new Map();
  const rows = await queryBuilder(db)
    .selectFrom('users')
    .select(['id', 'accountId', 'email'])
    .where((eb) => emailIsOneOf(eb, addresses))
    .where('active', '=', true)
    .where('role', 'in', customerRoles)
    .where('accountId', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.email.toLowerCase(), { id: r.id, accountId: r.accountId! }]));
}

/** Ticket ids by the Message-IDs of our mails and of earlier mail filed into tickets. */
async function threadTickets(db: Queryable, messageIds: string[]): Promise<Map<string, number>> {
  if (!messageIds.length) return new Map();
  const q = queryBuilder(db);
  const rows = await q
    .selectFrom('emailOutbox').select(['ticketId', 'messageId']).where('messageId', 'in', messageIds).where('ticketId', 'is not', null)
    .unionAll(q.selectFrom('inboundMails').select(['ticketId', 'headerMessageId as messageId']).where('headerMessageId', 'in', messageIds).where('ticketId', 'is not', null))
    .execute();
  return new Map(rows.map((r) => [r.messageId!, r.ticketId!]));
}

interface TicketAccount {
  id: number;
  number: number;
  accountId: number;
}

async function ticketAccounts(db: Queryable, ids: number[], numbers: number[]): Promise<TicketAccount[]> {
  if (!ids.length && !numbers.length) return [];
  return queryBuilder(db)
    .selectFrom('tickets')
    .select(['id', 'number', 'accountId'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(numbers.length ? [eb('number', 'in', numbers)] : [])]))
    .execute();
}

const subjectNumber = (m: InboundMail): number | null => {
  const n = /\[#(\d{1,15})\]/.exec(m.subject)?.[1];
  return n ? Number(n) : null;
};

/** The sender and the route of each mail, in order: three reads for the whole batch. */
export async function routeMails(db: Queryable, tokens: ReplyTokens, mails: InboundMail[]): Promise<Array<{ sender: Sender | null; route: Route }>> {
  const senders = await senderUsers(db, [...new Set(mails.map((m) => m.from))]);
  const threads = await threadTickets(db, [...new Set(mails.flatMap((m) => m.thread))]);
  // The reply address first, then the reply marker our mail carries, quoted in the reply's raw text.
  const tokenTickets = mails.map((m) => tokens.ticketIn(m.recipients) ?? tokens.ticketInText(m.rawText));
  const threaded = mails.map((m) => {
    // The mail it answers directly wins over older ones further up the thread.
    for (const id of m.thread) if (threads.has(id)) return threads.get(id)!;
    return null;
  });
  const ids = [...new Set([...threaded, ...tokenTickets].filter((id): id is number => id !== null))];
  const numbers = [...new Set(mails.map(subjectNumber).filter((n): n is number => n !== null))];
  const tickets = await ticketAccounts(db, ids, numbers);
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const byNumber = new Map(tickets.map((t) => [t.number, t]));
  return mails.map((m, i) => {
    const sender = senders.get(m.from) ?? null;
    const tokenTicket = tokenTickets[i]!;
    const onAccount = (accountId: number) => sender !== null && sender.accountId === accountId;
    const route = ((): Route => {
      const thread = threaded[i]!;
      if (thread !== null) {
        const t = byId.get(thread)!;
        return onAccount(t.accountId) || tokenTicket === t.id ? { ticketId: t.id } : { held: 'not_on_account' };
      }
      if (tokenTicket !== null && byId.has(tokenTicket)) return { ticketId: tokenTicket };
      const number = subjectNumber(m);
      const t = number === null ? undefined : byNumber.get(number);
      if (t) return onAccount(t.accountId) ? { ticketId: t.id } : { held: 'not_on_account' };
      return sender ? { newTicketFor: sender } : { held: 'unknown_sender' };
    })();
    return { sender, route };
  });
}
