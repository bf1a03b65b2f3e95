/**
 * The whole console path for end-to-end tests: a real helpdesk server (embedded PGlite) with a
 * customer's new ticket, the console core on a temporary data folder, the web host in front of
 * it, and a WebSocket client that speaks the console API like the renderer does.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ConsoleReply, EventPayload } from '../../../src/shared/console/consoleApi';
import type { EventName } from '../../../src/shared/console/operations';
import { consoleSocketPath } from '../../../src/shared/console/socketMessages';
import { createConsoleCore, type ConsoleCore } from '../../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../../src/main/console/tokenStore';
import type { SyncEngineOptions } from '../../../src/main/sync/syncEngine';
import { startWebHost, type WebHost } from '../../../src/main/web/webHost';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer';

export interface NewTicket {
  id: number;
  number: number;
  subject: string;
}

export async function createCustomerTicket(server: TestServer, subject: string, extra: Record<string, unknown> = {}): Promise<NewTicket> {
  const token = await server.login('customer@example.com');
  const res = await server.api('POST', '/api/customer/tickets', { token, body: { type: 'tech', subject, body: `Details about: ${subject}`, ...extra } });
  if (res.status !== 201) throw new Error(`creating a ticket: ${res.status} ${JSON.stringify(res.body)}`);
  const [row] = await server.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [res.body.number]);
  return { id: row!.id, number: res.body.number as number, subject };
}

/**
 * A paid order waiting for billing, set up the way it arrives: an admin issues the invoice
 * (through sync push) and the customer pays it at the fake provider. Returns the order's id.
 */
export async function paidOrder(server: TestServer, opts: { accountId: number; customerToken: string; items: unknown[]; amountCents: number; clientId: string }): Promise<number> {
  const admin = await server.login('admin@example.com');
  const issued = await server.api('POST', '/api/sync/push', {
    token: admin,
    body: { clientId: opts.clientId, mutations: [{ id: 1, name: 'invoice.issue', args: { accountId: opts.accountId, description: 'Order from the shop', amountCents: opts.amountCents, items: opts.items } }] },
  });
  if (issued.body.results?.[0]?.status !== 'applied') throw new Error(`issuing an invoice: ${JSON.stringify(issued.body)}`);
  const [inv] = await server.ctx.db.query<{ id: number }>('SELECT id FROM invoices WHERE account_id = $1 ORDER BY id DESC LIMIT 1', [opts.accountId]);
  const paid = await server.api('POST', '/api/payments/fake/checkout', { token: opts.customerToken, body: { invoiceId: inv!.id } });
  if (paid.body.outcome !== 'paid') throw new Error(`paying an invoice: ${JSON.stringify(paid.body)}`);
  return paid.body.orderId as number;
}

/** A folder standing in for out/renderer when a test only needs the WebSocket. */
export function placeholderRenderer(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-renderer-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Switchboard</title><p>placeholder</p>');
  return dir;
}

export interface ConsoleStack {
  server: TestServer;
  core: ConsoleCore;
  web: WebHost;
  dataDir: string;
  close(): Promise<void>;
}

export async function startConsoleStack(opts: { rendererDir?: string; server?: TestServerOptions; engine?: Partial<SyncEngineOptions> } = {}): Promise<ConsoleStack> {
  const server = await startTestServer('pglite', opts.server);
  const first = await startConsole(server, { rendererDir: opts.rendererDir, engine: { bootstrapPageSize: 50, changesPageSize: 20, ...opts.engine } });
  return {
    ...first,
    async close() {
      await first.close();
      await server.close();
    },
  };
}

/** A console (its own core, cache folder and web host) on a server: the stack's, or one more for a second person on it. */
export async function startConsole(server: TestServer, opts: { rendererDir?: string; engine?: Partial<SyncEngineOptions> } = {}): Promise<ConsoleStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-console-'));
  const core = await createConsoleCore({ dataDir, tokenStore: memoryTokenStore(), engineOptions: { ...opts.engine } });
  const web = await startWebHost({ core, port: 0, renderer: { dir: opts.rendererDir ?? placeholderRenderer() } });
  return {
    server,
    core,
    web,
    dataDir,
    async close() {
      await web.close();
      await core.close();
    },
  };
}

/** The renderer's side of the WebSocket, in Node. */
export class SocketClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: ConsoleReply<unknown>) => void>();
  readonly events: Array<{ event: EventName; payload: unknown }> = [];
  private readonly eventWaiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { id?: number; event?: EventName; payload?: unknown } & ConsoleReply<unknown>;
      if (m.event) {
        this.events.push({ event: m.event, payload: m.payload });
        for (const wake of this.eventWaiters.splice(0)) wake();
        return;
      }
      this.waiting.get(m.id!)?.(m);
      this.waiting.delete(m.id!);
    });
  }

  static connect(hostUrl: string, origin = hostUrl): Promise<SocketClient> {
    const ws = new WebSocket(hostUrl.replace(/^http/, 'ws') + consoleSocketPath, { headers: { origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new SocketClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    });
  }

  request(op: string, input: unknown): Promise<ConsoleReply<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, op, input }));
    });
  }

  /** Like the renderer's client: the output, or a thrown error with the code. */
  async call<T = any>(op: string, input: unknown = {}): Promise<T> {
    const reply = await this.request(op, input);
    if (!reply.ok) throw Object.assign(new Error(`${op}: ${reply.error.code}: ${reply.error.message}`), { code: reply.error.code });
    return reply.output as T;
  }

  /** Waits for an event matching the predicate (already received ones count). */
  async waitForEvent<E extends EventName>(event: E, match: (payload: EventPayload<E>) => boolean = () => true, timeoutMs = 20_000): Promise<EventPayload<E>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event && match(e.payload as EventPayload<E>));
      if (found) return found.payload as EventPayload<E>;
      if (Date.now() > until) throw new Error(`no ${event} event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.eventWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** How long a console test waits for sync, a reconnect or the server (`vi.waitFor`, `expect.poll`). */
export const soon = { timeout: 20_000 };
