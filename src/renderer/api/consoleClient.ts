/**
 * The renderer's one way to the console API: `window.switchboard` in Electron, else the web
 * host's WebSocket. Both carry the same envelopes; this unwraps them, so callers get outputs
 * and catch ConsoleCallError (with `code` and `field`) on failure.
 */
import {
  ConsoleCallError,
  nestOperations,
  type ConsoleApi,
  type ConsoleReply,
  type EventSubscriber,
  type OperationInput,
  type OperationOutput,
  type SwitchboardBridge,
} from '../../shared/console/consoleApi';
import type { OperationName } from '../../shared/console/operations';
import { SocketTransport, socketUrl } from './socketTransport';

type Invoke = (op: OperationName, input: unknown) => Promise<ConsoleReply<unknown>>;

function unwrap(reply: ConsoleReply<unknown>): unknown {
  if (!reply.ok) throw new ConsoleCallError(reply.error);
  return reply.output;
}

function clientOver(invoke: Invoke, on: EventSubscriber): ConsoleApi {
  return { ...nestOperations((op, input) => invoke(op, input).then(unwrap)), on } as ConsoleApi;
}

function bridgeInvoke(bridge: SwitchboardBridge): Invoke {
  // The bridge is nested (bridge.ticket.claim); look the function up by the operation's two parts.
  const groups = bridge as unknown as Record<string, Record<string, (input: unknown) => Promise<ConsoleReply<unknown>>>>;
  return (op, input) => {
    const [group = '', method = ''] = op.split('.');
    return groups[group]![method]!(input);
  };
}

export function createConsoleClient(w: Window = window): ConsoleApi {
  if (w.switchboard) return clientOver(bridgeInvoke(w.switchboard), w.switchboard.on);
  const socket = new SocketTransport(socketUrl(w.location));
  return clientOver((op, input) => socket.invoke(op, input), ((event, listener) => socket.on(event, listener as (p: unknown) => void)) as EventSubscriber);
}

let client: ConsoleApi | null = null;

/** The app's client, created on first use. */
export function consoleClient(): ConsoleApi {
  client ??= createConsoleClient();
  return client;
}

/** One operation by its name, typed by the contract (generic code: bulk actions, the palette). */
export function callOperation<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const [group = '', method = ''] = op.split('.');
  const groups = consoleClient() as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  return groups[group]![method]!(input) as Promise<OperationOutput<K>>;
}
