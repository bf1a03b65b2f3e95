/**
 * Decides which synced changes deserve a desktop notification (issue 3): a HotRush ticket
 * that is new to this console, and a ticket newly assigned to me by someone else. The first
 * look at the cache (after a bootstrap) only learns what exists, so a fresh start never
 * floods the user with notifications for old tickets.
 */
import type { TicketStatus } from '../../shared/domain/model';
import type { EventPayload } from '../../shared/console/consoleApi';
import type { CacheReader } from '../cache/cacheDatabase';
import { isPending } from '../cache/pendingEffects';

type Notification = EventPayload<'notification'>;

interface TicketFacts {
  id: number;
  number: number;
  subject: string;
  hotRush: number;
  status: TicketStatus;
  assigneeId: number | null;
}

const factsSql = `SELECT id, number, subject, hot_rush AS hotRush, status, assignee_id AS assigneeId FROM tickets WHERE id = ?`;

export class TicketNotifier {
  private readonly hotRushSeen = new Set<number>();
  private readonly assignedToMe = new Set<number>();
  private primed = false;

  constructor(
    private readonly reader: CacheReader,
    private readonly myUserId: number,
  ) {}

  /** Learns the current HotRush and assigned tickets without notifying (start, after a bootstrap). */
  prime(): void {
    this.hotRushSeen.clear();
    this.assignedToMe.clear();
    const hot = this.reader.statement(`SELECT id FROM tickets WHERE hot_rush = 1 AND status <> 'closed'`).all() as Array<{ id: number }>;
    for (const t of hot) this.hotRushSeen.add(t.id);
    const mine = this.reader.statement(`SELECT id FROM tickets WHERE assignee_id = ? AND status <> 'closed'`).all(this.myUserId) as Array<{ id: number }>;
    for (const t of mine) this.assignedToMe.add(t.id);
    this.primed = true;
  }

  /** The notifications that these changed tickets call for. */
  check(ticketIds: readonly number[]): Notification[] {
    if (!this.primed) return [];
    const out: Notification[] = [];
    for (const id of ticketIds) {
      const t = this.reader.statement(factsSql).get(id) as TicketFacts | undefined;
      if (!t) continue;
      if (t.hotRush === 1 && t.status !== 'closed' && !this.hotRushSeen.has(id)) {
        this.hotRushSeen.add(id);
        out.push({ kind: 'hotRush', ticketId: id, ticketNumber: t.number, title: `HotRush #${t.number}`, body: t.subject });
      }
      if (t.assigneeId === this.myUserId && t.status !== 'closed') {
        // My own claim shows as a pending local change: no need to tell me about it.
        if (!this.assignedToMe.has(id) && !isPending(this.reader, 'ticket', id)) {
          out.push({ kind: 'assigned', ticketId: id, ticketNumber: t.number, title: `#${t.number} assigned to you`, body: t.subject });
        }
        this.assignedToMe.add(id);
      } else this.assignedToMe.delete(id);
    }
    return out;
  }
}
