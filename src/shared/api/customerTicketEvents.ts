/**
 * The portal's live stream (GET /api/customer/tickets/events): which of the account's own
 * tickets changed. The server types what it sends by this union, the portal parses with it.
 */
import { z } from 'zod';

export const CustomerStreamEvent = z.discriminatedUnion('event', [
  /** The stream is live as of this change log seq: what changed before it was told to no stream. */
  z.object({ event: z.literal('ready'), data: z.object({ seq: z.number().int() }) }),
  /** The ticket, its public conversation or its attachments changed. */
  z.object({ event: z.literal('ticket'), data: z.object({ number: z.number().int().positive() }) }),
  /** The session ended; the stream ends too. */
  z.object({ event: z.literal('signed-out'), data: z.object({}) }),
]);
export type CustomerStreamEvent = z.infer<typeof CustomerStreamEvent>;
