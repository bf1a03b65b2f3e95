/**
 * Live pokes, presence and ticket notifications for the SSE endpoint. Every commit NOTIFYs
 * its newest seq on `sb_changes`; presence updates travel on `sb_presence`, breach and
 * HotRush call-outs on `sb_notifications`, ended sessions on `sb_sessions_ended`. Each server
 * process LISTENs to all of them, so a console connected to any process hears about every
 * commit, viewer and call-out, and its stream closes wherever its session was ended.
 */
import type { Database } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import type { PresenceEvent, TicketNotification } from '../../shared/sync/protocol';
import { sessionsEndedChannel } from '../auth/sessions';
import { changesChannel } from './changeLog';
import { notificationsChannel, type NotificationPayload } from './consoleNotifications';
import { heldMailChannel } from '../email/inbound/heldMailNotice';

export const presenceChannel = 'sb_presence';
/** A viewer that has not refreshed its presence for this long is gone. */
export const presenceTtlMs = 60_000;

/** Who may see a ticket (its department and assignee, for staffSees); the SSE route sends an event about it only to them. */
export interface TicketAudience {
  departmentId: number | null;
  assigneeId: number | null;
}

export type LiveEvent =
  | { event: 'poke'; data: { seq: number } }
  | { event: 'presence'; data: PresenceEvent; audience: TicketAudience }
  /** `audience`: who may see the ticket; the SSE route sends `data` only to them. */
  | { event: 'notification'; data: TicketNotification; audience: TicketAudience }
  /** Mail was held or a held mail decided: for those who handle held mail (the stream checks). */
  | { event: 'held-mail'; data: Record<string, never> }
  /** Sessions of the user ended (endSessions): its streams check theirs at once. Never sent to clients. */
  | { event: 'sessions-ended'; data: { userId: number } };
type PresenceNote = PresenceEvent & TicketAudience;
type Subscriber = (e: LiveEvent) => void;

export class LiveHub {
  private subscribers = new Set<Subscriber>();
  private presence = new Map<string, Extract<LiveEvent, { event: 'presence' }>>();
  private unlisten: Array<() => Promise<void>> = [];

  private constructor(private readonly db: Database) {}

  static async start(db: Database): Promise<LiveHub> {
    const hub = new LiveHub(db);
    // Back from a lost database connection: commits made meanwhile sent no poke here, so poke
    // every stream with the newest seq and let each console pull what it missed.
    const catchUp = () => void hub.pokeNewest().catch(() => undefined);
    hub.unlisten.push(await db.listen(changesChannel, (payload) => hub.broadcast({ event: 'poke', data: { seq: Number(payload) } }), catchUp));
    hub.unlisten.push(await db.listen(presenceChannel, (payload) => hub.onPresence(JSON.parse(payload) as PresenceNote)));
    hub.unlisten.push(await db.listen(notificationsChannel, (payload) => hub.onNotification(JSON.parse(payload) as NotificationPayload)));
    hub.unlisten.push(await db.listen(heldMailChannel, () => hub.broadcast({ event: 'held-mail', data: {} })));
    hub.unlisten.push(await db.listen(sessionsEndedChannel, (payload) => hub.broadcast({ event: 'sessions-ended', data: { userId: Number(payload) } })));
    return hub;
  }

  private async pokeNewest(): Promise<void> {
    const row = await queryBuilder(this.db).selectFrom('syncCounter').select('seq').where('id', '=', 1).executeTakeFirst();
    this.broadcast({ event: 'poke', data: { seq: Number(row?.seq ?? 0) } });
  }

  private onPresence({ departmentId, assigneeId, ...data }: PresenceNote): void {
    const e = { event: 'presence' as const, data, audience: { departmentId, assigneeId } };
    const key = `${data.ticketId}:${data.userId}`;
    if (data.activity === 'left') this.presence.delete(key);
    else this.presence.set(key, e);
    this.broadcast(e);
  }

  private onNotification(p: NotificationPayload): void {
    const { departmentId, assigneeId, ...data } = p;
    this.broadcast({ event: 'notification', data, audience: { departmentId, assigneeId } });
  }

  private broadcast(e: LiveEvent): void {
    for (const s of this.subscribers) s(e);
  }

  /** Adds a listener and replays who is currently on which ticket. */
  subscribe(listener: Subscriber, now: number): () => void {
    this.subscribers.add(listener);
    for (const e of this.currentPresence(now)) listener(e);
    return () => this.subscribers.delete(listener);
  }

  currentPresence(now: number): Array<Extract<LiveEvent, { event: 'presence' }>> {
    for (const [key, e] of this.presence) if (now - e.data.at > presenceTtlMs) this.presence.delete(key);
    return [...this.presence.values()];
  }

  /** Tells every process's consoles that may see the ticket (`audience`) who is on it. */
  async publishPresence(p: PresenceEvent, audience: TicketAudience): Promise<void> {
    const note: PresenceNote = { ...p, ...audience };
    await sql`SELECT pg_notify(${presenceChannel}, ${JSON.stringify(note)})`.execute(queryBuilder(this.db));
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async stop(): Promise<void> {
    this.subscribers.clear();
    await Promise.all(this.unlisten.map((u) => u()));
  }
}
