/**
 * "Someone else replied meanwhile": the messages that reached the ticket after the writer's
 * draft began (by server id, which only grows) and that the writer did not write. Internal
 * notes count too, since a colleague's note often says "I'm on it".
 */
import type { TicketMessage } from '../../shared/console/schemas';

/** The newest confirmed message id of a conversation (0 when there is none). */
export function newestMessageId(messages: readonly TicketMessage[]): number {
  let max = 0;
  for (const m of messages) if (m.id > max) max = m.id;
  return max;
}

export function messagesSince(messages: readonly TicketMessage[], seenUpTo: number, myUserId: number): TicketMessage[] {
  return messages.filter((m) => m.id > seenUpTo && m.authorUserId !== myUserId);
}
