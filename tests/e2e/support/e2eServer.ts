/**
 * A real helpdesk server on generated demo data for end-to-end runs, on embedded PGlite, that
 * can be stopped and started again on the same port and database: the console sees the
 * server go away and come back, as when the office connection drops.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../src/server/app';
import type { ServerConfig } from '../../../src/server/config/serverConfig';
import { openPglite, type Database } from '../../../src/server/db/database';
import { migrate } from '../../../src/server/db/migrate';
import { demoPassword } from '../../../src/server/seed/demoAccounts';
import { generateDemoData } from '../../../src/server/seed/generate';
import { blobDir, DiskBlobStore } from '../../../src/server/files/blobStore';

export interface E2eServer {
  readonly url: string;
  /** Where the server writes its emails (.eml files). */
  readonly mailDir: string;
  /** The running server process's parts (its scheduler, email sender...), while it runs. */
  readonly running: RunningServer | null;
  db: Database;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
  /** A customer's (or anyone's) bearer token. */
  login(email: string): Promise<string>;
  api<T = any>(method: string, route: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: T }>;
}

export interface E2eServerOptions {
  tickets: number;
  /** A built customer portal to serve at `/` (the portal's tests). */
  portalDir?: string;
  /** A fixed port (0: any free one); the portal's tests set it so PUBLIC_URL, and the emails' links, point at this server. */
  port?: number;
  publicUrl?: string;
  /** The email sender's poll (0: off, the default); when on it also wakes at once on each new email, written as .eml into `mailDir`. */
  emailIntervalMs?: number;
}

export async function startE2eServer(opts: E2eServerOptions): Promise<E2eServer> {
  const db = await openPglite();
  await migrate(db);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-server-'));
  await generateDemoData(db, { tickets: opts.tickets, seed: 4, now: Date.now(), blobs: new DiskBlobStore(blobDir({ dataDir })) });
  const config: ServerConfig = {
    port: opts.port ?? 0,
    host: '127.0.0.1',
    dataDir,
    production: false,
    accessInfoKey: Buffer.alloc(32, 9).toString('base64'),
    lifecycleIntervalMs: 0,
    emailIntervalMs: opts.emailIntervalMs ?? 0,
    portalDir: opts.portalDir,
    publicUrl: opts.publicUrl,
  };
  let running: RunningServer | null = await startServer(config, { db });
  const url = running.url.replace('localhost', '127.0.0.1');
  // Later starts take the same port, so the console's saved server URL stays right.
  config.port = Number(new URL(url).port);
  const tokens = new Map<string, string>();

  const api: E2eServer['api'] = async (method, route, o = {}) => {
    const res = await fetch(url + route, {
      method,
      headers: { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, body: (res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text) as never };
  };

  return {
    url,
    db,
    api,
    mailDir: path.join(dataDir, 'mail'),
    get running() {
      return running;
    },
    async login(email) {
      const known = tokens.get(email);
      if (known) return known;
      const res = await api<{ token: string }>('POST', '/api/auth/login', { body: { email, password: demoPassword } });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(email, res.body.token);
      return res.body.token;
    },
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      running ??= await startServer(config, { db });
    },
    async close() {
      await running?.close();
      running = null;
      await db.close();
    },
  };
}
