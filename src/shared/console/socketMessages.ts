/**
 * The console API over a WebSocket (the web host): the same operations and envelopes as IPC.
 * The browser sends requests; the host answers each by id and pushes events unasked.
 */
import type { ConsoleErrorBody } from './consoleApi';
import type { EventName } from './operations';

/** The path the web host accepts WebSocket connections on. */
export const consoleSocketPath = '/console-api';

export interface SocketRequest {
  /** Chosen by the client, echoed in the reply. */
  id: number;
  op: string;
  input: unknown;
}

export type SocketReply = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: ConsoleErrorBody };

export interface SocketEvent {
  event: EventName;
  payload: unknown;
}

export type SocketServerMessage = SocketReply | SocketEvent;
