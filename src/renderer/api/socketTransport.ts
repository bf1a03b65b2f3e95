/**
 * The console API over the web host's WebSocket: requests wait in a queue until the socket is
 * open, each reply settles its request by id, events go to their listeners. A dropped
 * connection fails the requests in flight and reconnects with backoff; after a reconnect the
 * listeners hear "everything may have changed", since events were missed meanwhile.
 */
import { exponentialBackoff } from '../../shared/async/backoff';
import type { ConsoleReply } from '../../shared/console/consoleApi';
import { isEventName, type EventName } from '../../shared/console/operations';
import { consoleSocketPath, type SocketServerMessage } from '../../shared/console/socketMessages';

export function socketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${consoleSocketPath}`;
}

const lostConnection: ConsoleReply<never> = { ok: false, error: { code: 'host_unreachable', message: 'lost the connection to the console host; retrying' } };

export class SocketTransport {
  private ws: WebSocket | null = null;
  private open = false;
  private nextId = 1;
  private attempt = 0;
  private everConnected = false;
  private readonly waiting: string[] = [];
  private readonly inFlight = new Map<number, (reply: ConsoleReply<unknown>) => void>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  constructor(private readonly url: string) {
    this.connect();
  }

  invoke(op: string, input: unknown): Promise<ConsoleReply<unknown>> {
    const id = this.nextId++;
    const text = JSON.stringify({ id, op, input });
    return new Promise((resolve) => {
      this.inFlight.set(id, resolve);
      if (this.open && this.ws) this.ws.send(text);
      else this.waiting.push(text);
    });
  }

  on(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.open = true;
      this.attempt = 0;
      for (const text of this.waiting.splice(0)) ws.send(text);
      if (this.everConnected) this.emit('entitiesChanged', { entities: [], ticketIds: [] });
      this.everConnected = true;
    };
    ws.onmessage = (e) => this.receive(String(e.data));
    ws.onclose = () => {
      this.open = false;
      this.ws = null;
      // Requests already sent may never be answered; queued ones go out after the reconnect.
      const queued = new Set(this.waiting.map((t) => (JSON.parse(t) as { id: number }).id));
      for (const [id, settle] of this.inFlight) {
        if (queued.has(id)) continue;
        this.inFlight.delete(id);
        settle(lostConnection);
      }
      const delay = exponentialBackoff(this.attempt++, { baseMs: 250, maxMs: 10_000 }) * (0.5 + Math.random() / 2);
      setTimeout(() => this.connect(), delay);
    };
  }

  private receive(text: string): void {
    let message: SocketServerMessage;
    try {
      message = JSON.parse(text) as SocketServerMessage;
    } catch {
      return;
    }
    if ('event' in message) {
      if (isEventName(message.event)) this.emit(message.event, message.payload);
      return;
    }
    const settle = this.inFlight.get(message.id);
    if (!settle) return;
    this.inFlight.delete(message.id);
    settle(message.ok ? { ok: true, output: message.output } : { ok: false, error: message.error });
  }

  private emit(event: EventName, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`a "${event}" listener failed`, err);
      }
    }
  }
}
