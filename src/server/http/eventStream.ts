/**
 * A Server-Sent Events response: the headers, the `event:`/`data:` framing, and one end for
 * both sides (the client going away, or the server ending it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** One event as it goes on the wire. */
export const sseEvent = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
/** A comment line: keeps proxies and idle timeouts from closing a quiet stream. */
export const sseKeepAlive = ': keep-alive\n\n';

export interface EventStream {
  readonly ended: boolean;
  send(name: string, data: unknown): void;
  /** Text already framed (sseEvent, sseKeepAlive). */
  write(text: string): void;
  end(): void;
}

/** Takes over the reply; `onEnd` runs once, when either side ends the stream. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, onEnd: () => void): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let ended = false;
  const stream: EventStream = {
    get ended() {
      return ended;
    },
    send: (name, data) => stream.write(sseEvent(name, data)),
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
