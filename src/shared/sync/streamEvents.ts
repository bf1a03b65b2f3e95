/**
 * The events of the Server-Sent Events streams, one union per stream: the server types what
 * it sends by it, the clients parse what they read with it. An event's `event:` line is the
 * union's tag, its `data:` line the JSON of `data`.
 */
import { z } from 'zod';
import { PresenceEvent, TicketNotification } from './protocol';

/** The console's live stream (GET /api/sync/events). */
export const StaffStreamEvent = z.discriminatedUnion('event', [
  /** The change log's head moved: pull when the cache is behind it. */
  z.object({ event: z.literal('poke'), data: z.object({ seq: z.number().int() }) }),
  z.object({ event: z.literal('presence'), data: PresenceEvent }),
  z.object({ event: z.literal('notification'), data: TicketNotification }),
  /** Mail was held, or a held mail decided (sent to those who may handle held mail): reread the list. */
  z.object({ event: z.literal('held-mail'), data: z.object({}) }),
  /** The session ended (signed out, expired, deactivated, no longer staff); the stream ends too. */
  z.object({
    event: z.literal('signed-out'),
    /** `deactivated`: an admin deactivated the user; otherwise the session simply ended. */
    data: z.object({ reason: z.enum(['deactivated', 'ended']).optional() }),
  }),
]);
export type StaffStreamEvent = z.infer<typeof StaffStreamEvent>;

/** What any stream's union is made of. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/**
 * The stream event a message is, or null when it is none (its data not JSON, a name the
 * union does not know, a wrong shape): that one is logged and skipped, so a bad event never
 * ends a reader.
 */
export function parseStreamEvent<S extends z.ZodType<StreamEvent>>(schema: S, event: string, data: string, warn: (message: string) => void = console.warn): z.output<S> | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    warn(`skipped a "${event}" event whose data is not JSON`);
    return null;
  }
  const parsed = schema.safeParse({ event, data: value });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  warn(`skipped a malformed "${event}" event: ${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'invalid'}`);
  return null;
}
