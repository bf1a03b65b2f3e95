/**
 * The console core: the cache, the sync engine and the console API handlers, with no Electron
 * in sight, so the Electron shell, the web host and the tests all run the same code. Every
 * request goes through `handle`: input validated against the contract (an error names the
 * field), handler run, output validated, the result wrapped in the envelope all transports carry.
 */
import path from 'node:path';
import { consoleContract } from '../../shared/console/contract';
import type { ConsoleEvents, ConsoleReply, EventPayload, Handlers, OperationInput, OperationOutput } from '../../shared/console/consoleApi';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { isOperationName, type EventName, type OperationName } from '../../shared/console/operations';
import type { SessionInfo } from '../../shared/console/schemas';
import { lockDirectory } from '../../shared/node/directoryLock';
import { FileOpener, type OpenedFileSource } from '../files/openedFiles';
import { EventHub } from '../sync/eventHub';
import type { SyncEngineOptions } from '../sync/syncEngine';
import { errorBody, invalidInput } from './consoleErrors';
import type { ConsoleSession } from './consoleSession';
import { createHandlers } from './handlers';
import { SessionHolder } from './sessionHolder';
import type { FetchImpl } from './staffApi';
import { fileTokenStore, type TokenStore } from './tokenStore';

export interface ConsoleCoreOptions {
  /** Where cache files (and, by default, the session file) live. */
  dataDir: string;
  fetch?: FetchImpl;
  /** Default: a 0600 file in dataDir. Electron passes a safeStorage-backed store. */
  tokenStore?: TokenStore;
  now?: () => number;
  /** Test knobs for the sync engine (page sizes, backoff). */
  engineOptions?: Partial<SyncEngineOptions>;
  /** Test knob: the upload queue's retry backoff. */
  uploadBackoff?: { baseMs: number; maxMs: number };
  /** The desktop shell's "show this file in the file manager"; without it, cached files are handed out by download address (web host). */
  revealFile?: (file: string) => void;
  /** The helpdesk server this console was started for (the web host's SWITCHBOARD_SERVER_URL): the sign-in form offers it. */
  defaultServerUrl?: string;
}

export interface ConsoleCore {
  /** Runs one operation from an untrusted caller (IPC, WebSocket); never throws. */
  handle(op: string, rawInput: unknown): Promise<ConsoleReply<unknown>>;
  /** Typed call for in-process callers; throws ConsoleCallError. */
  call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The session opened from the token store at start, if any. */
  readonly resumed: SessionInfo | null;
  /** The current session's internals (tests, the Electron shell's badge). */
  session(): ConsoleSession | null;
  /** Settles when the current session's first sync has ended. */
  firstSync(): Promise<void>;
  /** The cached file a `files.open` download address stands for (web host), once; null when unknown or expired. */
  openedFile(token: string): OpenedFileSource | null;
  close(): Promise<void>;
}

export async function createConsoleCore(opts: ConsoleCoreOptions): Promise<ConsoleCore> {
  // One console process per data directory: two would both push the same caches' outboxes.
  const unlock = await lockDirectory(opts.dataDir, { what: "The console's data directory" });
  const events = new EventHub<ConsoleEvents>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => events.emit(event, payload);
  const fetchImpl = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const sessions = new SessionHolder(
    { dataDir: opts.dataDir, fetch: fetchImpl, now, emit, engineOptions: opts.engineOptions, uploadBackoff: opts.uploadBackoff },
    opts.tokenStore ?? fileTokenStore(path.join(opts.dataDir, 'session.json')),
  );
  const opener = new FileOpener(opts.dataDir, opts.revealFile, now);
  const handlers: Handlers = createHandlers({ sessions, now, fetch: fetchImpl, emit, opener, defaultServerUrl: opts.defaultServerUrl ?? null });
  let resumed: SessionInfo | null;
  try {
    resumed = await sessions.resume();
  } catch (err) {
    await unlock();
    throw err;
  }

  async function handle(op: string, rawInput: unknown): Promise<ConsoleReply<unknown>> {
    if (!isOperationName(op)) return { ok: false, error: { code: 'unknown_operation', message: `"${String(op).slice(0, 80)}" is not a console operation` } };
    const spec = consoleContract[op];
    const input = spec.input.safeParse(rawInput ?? {});
    if (!input.success) return { ok: false, error: invalidInput(op, input.error) };
    try {
      // One dispatch by name: the contract's schemas and the Handlers type keep each pair consistent.
      const run = handlers[op] as (input: unknown) => Promise<unknown>;
      const output = spec.output.safeParse(await run(input.data));
      if (!output.success) {
        const issue = output.error.issues[0];
        console.error(`${op} produced output the contract refuses`, output.error.issues.slice(0, 5));
        return { ok: false, error: { code: 'internal_error', message: `${op}: the answer did not fit the contract (${issue?.path.join('.')}: ${issue?.message})` } };
      }
      return { ok: true, output: output.data };
    } catch (err) {
      return { ok: false, error: errorBody(err) };
    }
  }

  return {
    handle,
    async call(op, input) {
      const reply = await handle(op, input);
      if (!reply.ok) throw new ConsoleCallError(reply.error);
      return reply.output as OperationOutput<typeof op>;
    },
    on: (event, listener) => events.on(event, listener),
    resumed,
    session: () => sessions.session,
    firstSync: () => sessions.firstSync,
    openedFile: (token) => opener.take(token),
    close: async () => {
      try {
        await sessions.close();
      } finally {
        await unlock();
      }
    },
  };
}
