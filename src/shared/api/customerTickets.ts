/** Request and response schemas of the customer ticket API (`/api/customer/tickets...`). */
import { z } from 'zod';
import { MessageKind, Priority, TicketStatus, TicketType } from '../domain/model';
import { urlId } from './urlNumbers';

export const TicketNumberParams = z.strictObject({
  number: urlId('must be a ticket number'),
});

const messageBody = z.string().trim().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters');

export const CreateTicketBody = z.strictObject({
  type: TicketType.exclude(['log'], { error: 'must be one of tech, sales, project, complaint' }),
  subject: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  body: messageBody,
  priority: Priority.default('normal'),
  hotRush: z.boolean().default(false),
  licenseId: z.number().int().positive().nullable().optional(),
  productVersion: z.string().trim().max(50, 'must be at most 50 characters').optional(),
});

export const PostMessageBody = z.strictObject({ body: messageBody });

export const UpdateTicketBody = z
  .strictObject({ priority: Priority.optional(), hotRush: z.boolean().optional() })
  .refine((b) => b.priority !== undefined || b.hotRush !== undefined, { message: 'give priority or hotRush' });

export const AccessInfoBody = z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters') });

export const ListTicketsQuery = z.strictObject({
  status: TicketStatus.optional(),
  type: TicketType.optional(),
  priority: Priority.optional(),
  hotRush: z.stringbool({ error: 'must be true or false' }).optional(),
  /** Words to find in the tickets' subjects and public messages (web search syntax: "a phrase", -word, or). */
  q: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Ticket number to continue after (newest first). */
  before: urlId('must be a ticket number').optional(),
});

export const CustomerTicket = z.object({
  number: z.number(),
  type: TicketType,
  subject: z.string(),
  status: TicketStatus,
  priority: Priority,
  hotRush: z.boolean(),
  cost: z.number(),
  chargedPoints: z.number().nullable(),
  licenseId: z.number().nullable(),
  productVersion: z.string(),
  followUpOfNumber: z.number().nullable(),
  mergedIntoNumber: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  closedAt: z.number().nullable(),
});

export const CustomerMessage = z.object({
  id: z.number(),
  kind: MessageKind.exclude(['note']),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.number(),
});

/** What the ticket's page shows and offers, decided on the server by the shared life cycle (lifecycle.ts). */
export const CustomerTicketFacts = z.object({
  /** The license the ticket is about, if any. */
  license: z.object({ key: z.string(), product: z.string(), url: z.string() }).nullable(),
  /** "Closed" may be chosen now; `chargeOnClose` points would be charged (0: free), null when it cannot close. */
  canClose: z.boolean(),
  chargeOnClose: z.number().nullable(),
  /** A PRE CLOSED ticket closes by itself at this time unless the customer answers. */
  closesAt: z.number().nullable(),
  /** "Reopen" is possible now (closed, within the reopen window). */
  canReopen: z.boolean(),
  /** The end of the reopen window of a closed ticket. */
  reopenUntil: z.number().nullable(),
  /** The window has passed: a message starts a follow-up ticket instead. */
  messageStartsFollowUp: z.boolean(),
});

export const CustomerTicketDetail = CustomerTicket.extend({ messages: z.array(CustomerMessage) }).extend(CustomerTicketFacts.shape);

/** Access info posted to a ticket, without its text (which is never shown back). */
export const AccessInfoEntry = z.object({ id: z.number(), createdAt: z.number(), createdByName: z.string() });
export const AccessInfoList = z.object({ accessInfos: z.array(AccessInfoEntry) });

/**
 * The answer to a customer message: the ticket with its conversation. A message on a ticket
 * closed longer than the reopen window starts a follow-up ticket instead (201): the answer is
 * then the new ticket, and `notice` tells the customer so.
 */
export const PostMessageResponse = CustomerTicketDetail.extend({ notice: z.string().optional() });
