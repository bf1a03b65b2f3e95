/**
 * A Server-Sent Events response: the headers, the `event:`/`data:` framing, and one end for
 * both sides (the client going away, or the server ending it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StreamEvent } from '../../shared/sync/streamEvents';

/** One event of a stream's union (shared/sync/streamEvents.ts) as it goes on the wire. */
export const sseEvent = (e: StreamEvent): string => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
/** A comment line: keeps proxies and idle timeouts from closing a quiet stream. */
export const sseKeepAlive = ': keep-alive\n\n';

export interface EventStream<E extends StreamEvent> {
  readonly ended: boolean;
  send(e: E): void;
  /** Text already framed (sseEvent, sseKeepAlive). */
  write(text: string): void;
  end(): void;
}

/** Takes over the reply; `onEnd` runs once, when either side ends the stream. */
export function openEventStream<E extends StreamEvent>(request: FastifyRequest, reply: FastifyReply, onEnd: () => void): EventStream<E> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let ended = false;
  const stream: EventStream<E> = {
    get ended() {
      return ended;
    },
    send: (e) => stream.write(sseEvent(e)),
    write: (text) => {
      if (!ended) res.write(text);
    },
    end: () => {
      if (ended) return;
      ended = true;
      onEnd();
      res.end();
    },
  };
  request.raw.on('close', stream.end);
  return stream;
}
