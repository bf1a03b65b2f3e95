/**
 * `npm run backup` / `npm run restore` on the embedded default, against a real server process:
 * a backup taken while the server runs and customers write, a restore refused while it runs,
 * and after the restore (a new sync epoch) the real console core bootstraps again and delivers
 * the reply it queued offline, although the server forgot the mutations acknowledged after the
 * backup.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openCache } from '../../src/main/cache/cacheDatabase';
import { outboxCounts } from '../../src/main/cache/outbox';
import { SyncEngine } from '../../src/main/sync/syncEngine';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { syncEpoch } from '../../src/server/config/settings';
import { openPostgres } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { createTestDatabase, findPostgresBin } from '../support/postgres';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';

// A fresh PGlite directory runs initdb (seconds alone, a minute on a loaded machine).
const slow = { timeout: 300_000 };

/** `npm run <script>`'s entry point to its end, with DATA_DIR set. */
function runOps(script: 'backupCli' | 'restoreCli', args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/server/ops/${script}.ts`, ...args], { env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}

describe('backup and restore of the embedded database', () => {
  it('backs up while running, refuses to restore under a running server, and brings a console back with its queued reply', slow, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-backup-data-'));
    const backupDir = path.join(mkdtempSync(path.join(tmpdir(), 'sb-backup-')), 'copy');
    const env = { DATA_DIR: dataDir, SEED_TICKETS: '5' };
    let server = await spawnServerProcess(env, slow.timeout);
    const firstUrl = server.url;
    // The console keeps its first address; requests go to whichever server runs now.
    const toCurrent: typeof fetch = (input, init) => fetch(String(input).replace(firstUrl, server.url), init);
    const api = async <T = any>(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const res = await toCurrent(firstUrl + url, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const login = async (email: string) => (await api<{ token: string }>('POST', '/api/auth/login', undefined, { email, password: demoPassword })).body.token;
    const newTicket = async (subject: string) => {
      const res = await api<{ number: number }>('POST', '/api/customer/tickets', customer, { type: 'tech', subject, body: 'Hello' });
      expect(res.status).toBe(201);
      return res.body.number;
    };

    const customer = await login('customer@example.com');
    const engineerToken = await login('engineer@example.com');
    const before = await newTicket('Before the backup');
    const cache = openCache(path.join(mkdtempSync(path.join(tmpdir(), 'sb-backup-cache-')), 'cache.sqlite'));
    let offline = false;
    const net: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('fetch failed: offline (simulated)')) : toCurrent(input, init));
    const engine = new SyncEngine({ serverUrl: firstUrl, token: engineerToken, cache, fetch: net });
    try {
      await engine.bootstrap();
      const { id: ticketId } = cache.reader.db.prepare('SELECT id FROM tickets WHERE number = ?').get(before) as { id: number };
      expect(ticketDetail(cache.reader, ticketId)!.ticket.subject).toBe('Before the backup');

      // The backup is taken by the running server while customers go on writing.
      const writes = Promise.all([1, 2, 3, 4].map((i) => newTicket(`During the backup ${i}`)));
      const backup = await runOps('backupCli', [backupDir], env);
      await writes;
      expect(backup.output).toContain('taken by the running server');
      expect(backup.code).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(backupDir, 'backup.json'), 'utf8')) as { blobs: number };
      expect(manifest.blobs).toBeGreaterThan(0); // the seeded file area
      expect(countFiles(path.join(backupDir, 'blobs'))).toBe(manifest.blobs);
      expect((await api('GET', '/api/faq')).status).toBe(200);

      // After the backup: a ticket and a pushed note, both lost by the restore.
      const after = await newTicket('After the backup');
      engine.perform('ticket.note', { ticketId, body: 'Acknowledged after the backup' });
      await engine.push();
      expect(outboxCounts(cache.reader).waiting).toBe(0);
      offline = true;
      const { clientRef } = engine.perform('ticket.reply', { ticketId, body: 'Queued while the server was restored' });
      await engine.whenIdle();

      const refused = await runOps('restoreCli', [backupDir], env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`The data directory ${dataDir} is in use by process ${server.child.pid}`);

      await stopServerProcess(server.child);
      const restore = await runOps('restoreCli', [backupDir], env);
      expect(restore.output).toContain('new sync epoch');
      expect(restore.code).toBe(0);
      server = await spawnServerProcess(env, slow.timeout);
      offline = false;

      expect((await api('GET', `/api/customer/tickets/${after}`, customer)).status).toBe(404);
      expect((await api('GET', `/api/customer/tickets/${before}`, customer)).status).toBe(200);
      await engine.pull();
      await engine.push();
      expect(outboxCounts(cache.reader).waiting).toBe(0);
      const seen = await api<{ messages: Array<{ body: string }> }>('GET', `/api/customer/tickets/${before}`, customer);
      expect(seen.body.messages.filter((m) => m.body === 'Queued while the server was restored')).toHaveLength(1);
      await engine.pull();
      // Bootstrapped again under the new epoch: the ticket the restore took away is gone from the cache too.
      expect(cache.reader.db.prepare('SELECT id FROM tickets WHERE number = ?').get(after)).toBeUndefined();
      const detail = ticketDetail(cache.reader, ticketId)!;
      expect(detail.messages.filter((m) => m.clientRef === clientRef).map((m) => m.pending)).toEqual([false]);
      expect(detail.messages.some((m) => m.body === 'Acknowledged after the backup')).toBe(false);
    } finally {
      await engine.stop();
      cache.close();
      await stopServerProcess(server.child);
    }
  });

  it('with PostgreSQL, points to pg_dump, and the README\'s pg_dump / pg_restore / restore -- --new-epoch put the data back under a new epoch', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const db = await openPostgres(databaseUrl);
    await migrate(db);
    const before = await syncEpoch(db);
    const env = { DATABASE_URL: databaseUrl };
    const backup = await runOps('backupCli', ['/tmp/unused'], env);
    expect(backup.code).toBe(2);
    expect(backup.output).toContain('pg_dump --format=custom');
    const folder = await runOps('restoreCli', ['/tmp/unused'], env);
    expect(folder.code).toBe(1);
    expect(folder.output).toContain('pg_restore');
    // The README's commands: a dump, a write after it, a restore that takes the write away, then a new epoch.
    const dump = path.join(mkdtempSync(path.join(tmpdir(), 'sb-pgdump-')), 'switchboard.dump');
    const bin = findPostgresBin();
    execFileSync(path.join(bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, databaseUrl]);
    await db.query(`INSERT INTO faq_articles (title, body, created_at, updated_at) VALUES ('After the dump', 'gone after the restore', 0, 0)`);
    await db.close();
    execFileSync(path.join(bin, 'pg_restore'), ['--clean', '--if-exists', '--no-owner', `--dbname=${databaseUrl}`, dump]);
    const epoch = await runOps('restoreCli', ['--new-epoch'], env);
    expect(epoch.code).toBe(0);
    const restored = await openPostgres(databaseUrl);
    expect(await restored.query(`SELECT id FROM faq_articles WHERE title = 'After the dump'`)).toEqual([]);
    expect(await syncEpoch(restored)).not.toBe(before);
    await restored.close();
  });
});
