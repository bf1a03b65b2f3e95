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

export const presenceChannel = 'sb_presence';
/** A viewer that has not refreshed its presence for this long is gone. */
export const presenceTtlMs = 60_000;

export type LiveEvent =
  | { event: 'poke'; data: { seq: number } }
  | { event: 'presence'; data: PresenceEvent }
  /** `audience`: who may see the ticket; the SSE route sends `data` only to them. */
  | { event: 'notification'; data: TicketNotification; audience: { departmentId: number | null; assigneeId: number | null } }
  /** Sessions of the user ended (endSessions): its streams check theirs at once. Never sent to clients. */
  | { event: 'sessions-ended'; data: { userId: number } };
type Subscriber = (e: LiveEvent) => void;

export class LiveHub {
  private subscribers = new Set<Subscriber>();
  private presence = new Map<string, PresenceEvent>();
  private unlisten: Array<() => Promise<void>> = [];

  private constructor(private readonly db: Database) {}

  static async start(db: Database): Promise<LiveHub> {
    const hub = new LiveHub(db);
    hub.unlisten.push(await db.listen(changesChannel, (payload) => hub.broadcast({ event: 'poke', data: { seq: Number(payload) } })));
    hub.unlisten.push(await db.listen(presenceChannel, (payload) => hub.onPresence(JSON.parse(payload) as PresenceEvent)));
    hub.unlisten.push(await db.listen(notificationsChannel, (payload) => hub.onNotification(JSON.parse(payload) as NotificationPayload)));
    hub.unlisten.push(await db.listen(sessionsEndedChannel, (payload) => hub.broadcast({ event: 'sessions-ended', data: { userId: Number(payload) } })));
    return hub;
  }

  private onPresence(p: PresenceEvent): void {
    const key = `${p.ticketId}:${p.userId}`;
    if (p.activity === 'left') this.presence.delete(key);
    else this.presence.set(key, p);
    this.broadcast({ event: 'presence', data: p });
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
    for (const p of this.currentPresence(now)) listener({ event: 'presence', data: p });
    return () => this.subscribers.delete(listener);
  }

  currentPresence(now: number): PresenceEvent[] {
    for (const [key, p] of this.presence) if (now - p.at > presenceTtlMs) this.presence.delete(key);
    return [...this.presence.values()];
  }

  async publishPresence(p: PresenceEvent): Promise<void> {
    await sql`SELECT pg_notify(${presenceChannel}, ${JSON.stringify(p)})`.execute(queryBuilder(this.db));
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async stop(): Promise<void> {
    this.subscribers.clear();
    await Promise.all(this.unlisten.map((u) => u()));
  }
}
