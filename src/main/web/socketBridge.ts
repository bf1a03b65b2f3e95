/**
 * One browser connection to the console core: requests `{id, op, input}` are answered with
 * `{id, ok, output | error}` through the core's `handle` (the same validation as IPC), and the
 * core's events are pushed as `{event, payload}`.
 */
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { eventNames } from '../../shared/console/operations';
import type { SocketReply } from '../../shared/console/socketMessages';
import type { ConsoleCore } from '../console/consoleCore';

const SocketRequest = z.strictObject({ id: z.number().int().nonnegative(), op: z.string().max(64), input: z.unknown() });

export function bridgeSocket(ws: WebSocket, core: ConsoleCore): void {
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const offs = eventNames.map((event) => core.on(event, (payload) => send({ event, payload })));
  ws.on('close', () => offs.forEach((off) => off()));
  ws.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      raw = undefined;
    }
    const request = SocketRequest.safeParse(raw);
    if (!request.success) {
      const id = typeof (raw as { id?: unknown } | undefined)?.id === 'number' ? (raw as { id: number }).id : -1;
      send({ id, ok: false, error: { code: 'invalid_message', message: 'a request is {id, op, input} as JSON text' } } satisfies SocketReply);
      return;
    }
    const { id, op, input } = request.data;
    void core.handle(op, input).then((reply) => send({ id, ...reply } satisfies SocketReply));
  });
}
