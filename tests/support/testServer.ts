/**
 * Runs the real helpdesk server for a test file, on embedded PGlite or on the throwaway
 * PostgreSQL cluster, with the demo people in place and a clock the test can move.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import type { ServerConfig } from '../../src/server/config/serverConfig';
import type { MailTransport } from '../../src/server/email/transport';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { demoPassword, ensureDemoAccounts } from '../../src/server/seed/demoAccounts';
import { userForToken } from '../../src/server/auth/sessions';
import { scopedEpoch, scopesOf } from '../../src/server/sync/scopes';
import { createTestDatabase } from './postgres';

export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

export class TestClock {
  constructor(public ms = Date.UTC(2026, 10, 2, 9, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export async function openTestDatabase(backend: Backend): Promise<Database> {
  if (backend === 'pglite') return openPglite();
  return openPostgres(await createTestDatabase(inject('postgresUrl')));
}

export interface TestServer extends RunningServer {
  clock: TestClock;
  /** The PostgreSQL database's URL (postgres backend), for a second server process on it. */
  databaseUrl?: string;
  ids: Record<string, number>;
  /** Signs in a demo person; returns its bearer token (a new session when `fresh`). */
  login(email: string, fresh?: boolean): Promise<string>;
  api<T = any>(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
}

export interface TestServerOptions {
  db?: Database;
  /** Overrides of the test configuration. The scheduler and email timers are off unless set here: tests drive them with runDue. */
  config?: Partial<ServerConfig>;
  mailTransport?: MailTransport;
}

export async function startTestServer(backend: Backend, opts: TestServerOptions = {}): Promise<TestServer> {
  const databaseUrl = !opts.db && backend === 'postgres' ? await createTestDatabase(inject('postgresUrl')) : undefined;
  const db = opts.db ?? (databaseUrl ? await openPostgres(databaseUrl) : await openTestDatabase(backend));
  await migrate(db);
  const clock = new TestClock();
  const ids = await ensureDemoAccounts(db, clock.now());
  const config: ServerConfig = {
    port: 0, host: '127.0.0.1', dataDir: mkdtempSync(path.join(tmpdir(), 'sb-data-')), production: false,
    accessInfoKey: Buffer.alloc(32, 7).toString('base64'),
    lifecycleIntervalMs: 0,
    emailIntervalMs: 0,
    ...opts.config,
  };
  const server = await startServer(config, { clock, db, mailTransport: opts.mailTransport });
  const api: TestServer['api'] = async (method, url, o = {}) => {
    const res = await fetch(server.url + url, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
    });
    const text = await res.text();
    // JSON answers are parsed; NDJSON and anything else stay text.
    const body: unknown = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text;
    return { status: res.status, body: body as never };
  };
  const tokens = new Map<string, string>();
  return {
    ...server,
    databaseUrl,
    clock,
    ids,
    api,
    login: async (email, fresh = false) => {
      const cached = tokens.get(email);
      if (cached && !fresh) return cached;
      const res = await api<{ token: string }>('POST', '/api/auth/login', { body: { email, password: demoPassword } });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      if (!fresh) tokens.set(email, res.body.token);
      return res.body.token;
    },
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

/** A changes cursor at `seq` for the user of `token`, in the scoped form the server hands out (a bare-epoch cursor is taken only from seq 0). */
export async function cursorAt(s: TestServer, token: string, seq: number | string): Promise<string> {
  const user = await userForToken(s.ctx.db, token, s.clock.now());
  if (!user) throw new Error('cursorAt: the token has no session');
  return `${scopedEpoch(s.ctx.epoch, scopesOf(user))}:${seq}`;
}
