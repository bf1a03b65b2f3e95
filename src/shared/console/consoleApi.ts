/**
 * Types derived from the contract, shared by main (handlers), the preload (window.switchboard)
 * and the renderer's client: inputs, outputs, the reply envelope every transport carries,
 * and the nested `api.ticket.claim(...)` shape built from the flat operation names.
 */
import type { TwoFactorEnrolment } from '../api/signInSecurity';
import type { z } from 'zod';
import type { consoleContract, consoleEvents } from './contract';
import { operationNames, type EventName, type OperationName } from './operations';

type Contract = typeof consoleContract;

/** What a caller passes (fields with defaults may be left out). */
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
/** The input after validation, as a handler receives it. */
export type ParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Contract[K]['output']>;
export type ConsoleEvents = { [E in EventName]: z.output<(typeof consoleEvents)[E]> };
export type EventPayload<E extends EventName> = ConsoleEvents[E];

/** Sends one console event to the UI (the core's event hub). */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** One handler per operation; a missing or mistyped one fails to compile. */
export type Handlers = { [K in OperationName]: (input: ParsedInput<K>) => Promise<OperationOutput<K>> };

/** Why an operation failed, in words for people plus a stable code (and the field, for bad input). */
export interface ConsoleErrorBody {
  /** e.g. invalid_input, unknown_operation, not_signed_in, wrong_credentials, rate_limited, server_unreachable, not_found, forbidden */
  code: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
  /** two_factor_enrolment_required: the QR code and secret to set up the authenticator app with. */
  twoFactorEnrolment?: TwoFactorEnrolment;
}

/** Every transport carries this envelope, so error codes survive IPC and WebSocket alike. */
export type ConsoleReply<T> = { ok: true; output: T } | { ok: false; error: ConsoleErrorBody };

/** Thrown by the renderer's client when an operation fails. */
export class ConsoleCallError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly twoFactorEnrolment?: TwoFactorEnrolment;
  constructor(body: ConsoleErrorBody) {
    super(body.message);
    this.name = 'ConsoleCallError';
    this.code = body.code;
    this.field = body.field;
    this.retryAfterSeconds = body.retryAfterSeconds;
    this.twoFactorEnrolment = body.twoFactorEnrolment;
  }
}

type Namespace<K> = K extends `${infer N}.${string}` ? N : never;
type MethodOf<K, N extends string> = K extends `${N}.${infer M}` ? M : never;

/** Operations with an empty input may be called without an argument. */
type Call<K extends OperationName, R> = {} extends OperationInput<K> ? (input?: OperationInput<K>) => Promise<R> : (input: OperationInput<K>) => Promise<R>;

/** `api.ticket.claim({ticketId})`: the operations grouped by the part before the dot. */
export type NestedOperations<R extends { [K in OperationName]: unknown }> = {
  [N in Namespace<OperationName>]: { [K in OperationName as MethodOf<K, N>]: Call<K, R[K]> };
};

export type EventSubscriber = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;

type Replies = { [K in OperationName]: ConsoleReply<OperationOutput<K>> };
type Outputs = { [K in OperationName]: OperationOutput<K> };

/** `window.switchboard` as the preload exposes it: raw envelopes, so error codes cross the bridge. */
export type SwitchboardBridge = NestedOperations<Replies> & { on: EventSubscriber };

/** What the renderer uses: outputs, throwing ConsoleCallError on failure. */
export type ConsoleApi = NestedOperations<Outputs> & { on: EventSubscriber };

/** Builds the nested object from one generic invoke function (the preload and the WebSocket client both do). */
export function nestOperations<R extends { [K in OperationName]: unknown }>(invoke: (op: OperationName, input: unknown) => Promise<unknown>): NestedOperations<R> {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const op of operationNames) {
    const dot = op.indexOf('.');
    const group = (api[op.slice(0, dot)] ??= {});
    group[op.slice(dot + 1)] = (input?: unknown) => invoke(op, input ?? {});
  }
  return api as unknown as NestedOperations<R>;
}
