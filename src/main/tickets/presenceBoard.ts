/**
 * Who else is viewing or replying to which ticket, from the server's presence events. Entries
 * fade after a while, since a console that crashed never says it left.
 */
import type { PresenceInfo } from '../../shared/console/schemas';
import type { PresenceEvent } from '../../shared/sync/protocol';

export const presenceFadeMs = 90_000;

export class PresenceBoard {
  private readonly byTicket = new Map<number, Map<number, PresenceInfo>>();

  constructor(private readonly myUserId: number) {}

  /** Records an event; returns whether it concerns someone else (and so is worth showing). */
  record(e: PresenceEvent): boolean {
    if (e.userId === this.myUserId) return false;
    let users = this.byTicket.get(e.ticketId);
    if (e.activity === 'left') {
      users?.delete(e.userId);
      if (users?.size === 0) this.byTicket.delete(e.ticketId);
      return true;
    }
    if (!users) this.byTicket.set(e.ticketId, (users = new Map()));
    users.set(e.userId, { userId: e.userId, userName: e.userName, activity: e.activity, at: e.at });
    return true;
  }

  on(ticketId: number, now: number): PresenceInfo[] {
    const users = this.byTicket.get(ticketId);
    if (!users) return [];
    for (const [id, p] of users) if (now - p.at > presenceFadeMs) users.delete(id);
    return [...users.values()].sort((a, b) => a.userName.localeCompare(b.userName));
  }
}
