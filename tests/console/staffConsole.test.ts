/**
 * What staff administration does to a signed-in console (the real console core against the
 * real server): deactivation signs it out within a second, closes its cache and says why, and
 * its saved token is gone; reactivation and a new sign-in work. A department change sends it
 * back to a bootstrap with its outbox kept: an engineer moved from Tech support to Sales keeps
 * no Tech support ticket in its cache after the next sync, and gains the Sales ones; the cache
 * file's bytes (secure_delete) no longer hold a removed ticket's subject either.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { signedOutReasons } from '../../src/main/console/consoleSession';
import { memoryTokenStore, type TokenStore } from '../../src/main/console/tokenStore';
import { startTestServer, type TestServer } from '../support/testServer';
import { createCustomerTicket, soon } from './support/consoleStack';

describe('staff administration seen from a console', () => {
  let server: TestServer;
  let admin: string;
  let dept: Record<string, number>;
  let pushes = 0;
  const cores: ConsoleCore[] = [];

  async function open(tokens: TokenStore = memoryTokenStore()) {
    const core = await createConsoleCore({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-staff-')), tokenStore: tokens, engineOptions: { bootstrapPageSize: 50, changesPageSize: 20 } });
    cores.push(core);
    return core;
  }
  async function adminPush(name: string, args: unknown) {
    const res = await server.api('POST', '/api/sync/push', { token: admin, body: { clientId: `staff-console-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.body.results[0], JSON.stringify(res.body)).toMatchObject({ status: 'applied' });
  }
  const signIn = (core: ConsoleCore, email: string) => core.call('auth.signIn', { serverUrl: server.url, email, password: 'switchboard' });

  beforeAll(async () => {
    server = await startTestServer('pglite');
    admin = await server.login('admin@example.com');
    dept = Object.fromEntries((await server.ctx.db.query<{ id: number; name: string }>('SELECT id, name FROM departments')).map((d) => [d.name, Number(d.id)]));
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    await server?.close();
  });

  it('deactivation signs the console out within a second, locks its cache and says why; reactivation and a new sign-in work', async () => {
    const tokens = memoryTokenStore();
    const core = await open(tokens);
    const info = await signIn(core, 'billing@example.com');
    await core.firstSync();
    expect((await core.call('billing.queue', {})).orders).toBeDefined();
    const cache = core.session()!.cache;
    const statuses: Array<{ signedIn: boolean; lastError: string | null }> = [];
    core.on('syncStatus', (s) => statuses.push(s));

    const started = Date.now();
    await adminPush('staff.deactivate', { userId: info.user.id });
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual(expect.objectContaining({ signedIn: false, lastError: signedOutReasons.deactivated })), { timeout: 1000, interval: 20 });
    expect(Date.now() - started).toBeLessThan(1000);
    // The cache is closed: nothing of it is served until someone signs in again.
    expect(core.session()).toBeNull();
    await vi.waitFor(() => expect(cache.writer.db.open).toBe(false), soon);
    expect(await core.call('auth.session', {})).toBeNull();
    expect(await core.handle('billing.queue', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await tokens.load()).toBeNull();
    // Signing in again is refused while deactivated…
    expect(await core.handle('auth.signIn', { serverUrl: server.url, email: 'billing@example.com', password: 'switchboard' })).toMatchObject({ ok: false, error: { code: 'wrong_credentials' } });

    // …and works once reactivated.
    await adminPush('staff.reactivate', { userId: info.user.id });
    await signIn(core, 'billing@example.com');
    await core.firstSync();
    expect((await core.call('sync.status', {})).signedIn).toBe(true);
    expect((await core.call('billing.queue', {})).orders).toBeDefined();
  });

  it('an engineer moved from Tech support to Sales keeps no Tech support ticket in its cache after the next sync, and keeps its outbox', async () => {
    const techTicket = await createCustomerTicket(server, 'Server returns 500 on login', { type: 'tech' });
    const salesTicket = await createCustomerTicket(server, 'Quote for ten more seats', { type: 'sales' });
    const core = await open();
    const info = await signIn(core, 'engineer@example.com');
    await core.firstSync();
    const cachedDepartments = () =>
      (core.session()!.cache.reader.statement('SELECT DISTINCT department_id AS d FROM tickets').all() as Array<{ d: number | null }>).map((r) => r.d);
    expect((await core.call('ticket.detail', { ticketId: techTicket.id })).ticket.subject).toBe(techTicket.subject);
    expect(cachedDepartments()).toContain(dept['Tech support']);
    expect(await core.handle('ticket.detail', { ticketId: salesTicket.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    /** Whether the cache's files (the database after a checkpoint, and what is left of its WAL) hold these bytes anywhere, free pages included. */
    const fileHolds = (text: string) => {
      const writer = core.session()!.cache.writer.db;
      writer.pragma('wal_checkpoint(TRUNCATE)');
      const needle = Buffer.from(text, 'utf8');
      return [writer.name, `${writer.name}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(needle));
    };
    expect(fileHolds(techTicket.subject)).toBe(true);

    // A note waiting in the outbox (the server is told only after the move) survives the re-bootstrap.
    const engine = core.session()!.engine;
    await engine.stop();
    await core.call('ticket.note', { ticketId: techTicket.id, body: 'Looked at the logs before the move.' });
    await adminPush('staff.update', { userId: info.user.id, departmentIds: [dept.Sales] });
    await engine.start();

    await vi.waitFor(async () => {
      expect(cachedDepartments()).not.toContain(dept['Tech support']);
      expect((await core.call('ticket.detail', { ticketId: salesTicket.id })).ticket.subject).toBe(salesTicket.subject);
    }, soon);
    expect(await core.handle('ticket.detail', { ticketId: techTicket.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Nor its bytes in the file: secure_delete overwrote them.
    expect(fileHolds(techTicket.subject)).toBe(false);
    // No message of a Tech support ticket either.
    const messages = core.session()!.cache.reader.statement('SELECT count(*) AS n FROM messages m WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = m.ticket_id) AND m.id > 0').get() as { n: number };
    expect(messages.n).toBe(0);
    // The outbox was kept and sent: the server has the note (refused or applied, never lost).
    await vi.waitFor(async () => expect((await core.call('sync.status', {})).outboxCount).toBe(0), soon);
    const sent = await server.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_mutation_results r JOIN sync_clients c USING (client_id) WHERE c.user_id = $1`, [info.user.id]);
    expect(sent[0]!.n).toBe(1);
  });
});
