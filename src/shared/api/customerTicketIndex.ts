/**
 * The Communication center's index and the "Create a new ticket" form: the list answer (with
 * the search hit and, for pre-closed tickets, what closing will charge), the form's choices,
 * and the cross-posting check.
 */
import { z } from 'zod';
import { CustomerTicket } from './customerTickets';
import { TicketStatus, TicketType } from '../domain/model';

/** A run of a search snippet; `match` marks the words the search found. */
export const SnippetPart = z.object({ text: z.string(), match: z.boolean() });

export const SearchHit = z.object({
  /** Where the words were found: the subject, a message (its id), or the ticket's number. */
  in: z.enum(['subject', 'message', 'number']),
  messageId: z.number().nullable(),
  snippet: z.array(SnippetPart),
});

export const ListedTicket = CustomerTicket.extend({
  /** Pre-closed tickets: the support points closing it will deduct (cost plus HotRush surcharge; 0 when free); otherwise null. */
  closeCharge: z.number().nullable(),
  hit: SearchHit.nullable(),
});

export const ListTicketsResponse = z.object({
  tickets: z.array(ListedTicket),
  /** Pass as `before` for the next page; null when this was the last one. */
  nextBefore: z.number().nullable(),
});

export const TicketFormLicense = z.object({
  id: z.number(),
  url: z.string(),
  product: z.string(),
  /** Edition, add-on or skin name: an account's add-ons share their license's URL and product. */
  edition: z.string(),
  kind: z.enum(['main', 'addon', 'skin']),
  productVersion: z.string(),
});

export const TicketFormResponse = z.object({
  licenses: z.array(TicketFormLicense),
  /** Support points HotRush adds to the ticket's charge (admin setting). */
  hotRushSurcharge: z.number(),
  /** The guaranteed turnaround of a Minor ticket (admin setting), for the Priority hint. */
  minorTurnaroundMs: z.number(),
});

export const SimilarTicketsQuery = z.strictObject({
  subject: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
});

export const SimilarTicketsResponse = z.object({
  tickets: z.array(z.object({ number: z.number(), subject: z.string(), status: TicketStatus, type: TicketType })),
});

export type ListedTicket = z.infer<typeof ListedTicket>;
export type ListTicketsResponse = z.infer<typeof ListTicketsResponse>;
export type TicketFormResponse = z.infer<typeof TicketFormResponse>;
export type SimilarTicketsResponse = z.infer<typeof SimilarTicketsResponse>;
