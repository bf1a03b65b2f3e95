/**
 * A saved session outlives the process: the token file is private (0600), a new core resumes
 * from it and works from the cache with the server gone, and a token the server no longer
 * knows sends the console back to the sign-in form.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { startTestServer, type TestServer } from '../support/testServer';
import { createCustomerTicket, soon, type NewTicket } from './support/consoleStack';

describe('saved sessions', () => {
  let server: TestServer;
  let ticket: NewTicket;
  const cores: ConsoleCore[] = [];
  const open = async (dataDir: string) => {
    const core = await createConsoleCore({ dataDir });
    cores.push(core);
    return core;
  };

  beforeAll(async () => {
    server = await startTestServer('pglite');
    ticket = await createCustomerTicket(server, 'Invoice PDF shows the wrong VAT number');
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    await server?.close();
  });

  it('keeps the token in a file only its owner can read', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-resume-'));
    const core = await open(dataDir);
    await core.call('auth.signIn', { serverUrl: server.url, email: 'dispatcher@example.com', password: 'switchboard' });
    const file = path.join(dataDir, 'session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ serverUrl: server.url, user: { email: 'dispatcher@example.com' } });
    await core.call('auth.signOut', {});
    expect(() => statSync(file)).toThrow();
  });

  it('resumes a session from the cache while the server is unreachable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-resume-'));
    const first = await open(dataDir);
    await first.call('auth.signIn', { serverUrl: server.url, email: 'dispatcher@example.com', password: 'switchboard' });
    await first.firstSync();
    await first.close();

    // The same data folder, but every request fails as if the network were down.
    const offlineFetch: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const core = await createConsoleCore({ dataDir, fetch: offlineFetch });
    cores.push(core);
    expect(core.resumed).toMatchObject({ serverUrl: server.url, user: { email: 'dispatcher@example.com' } });
    await core.firstSync();
    const inbox = await core.call('queue.list', { view: 'inbox' });
    expect(inbox.items.map((t) => t.id)).toContain(ticket.id);
    const receipt = await core.call('ticket.note', { ticketId: ticket.id, body: 'Written on the plane.' });
    expect(receipt.clientRef).toBeTruthy();
    const detail = await core.call('ticket.detail', { ticketId: ticket.id });
    expect(detail.messages.at(-1)).toMatchObject({ kind: 'note', body: 'Written on the plane.', pending: true });
    const status = await vi.waitFor(async () => {
      const s = await core.call('sync.status', {});
      expect(s).toMatchObject({ outboxCount: 1, online: false });
      return s;
    }, soon);
    expect(status.signedIn).toBe(true);
    expect(await core.handle('accessInfo.reveal', { ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    expect(await core.call('presence.set', { ticketId: ticket.id, activity: 'viewing' })).toEqual({ delivered: false });
  });

  it('signs out when the server no longer knows the token', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-resume-'));
    const first = await open(dataDir);
    await first.call('auth.signIn', { serverUrl: server.url, email: 'engineer@example.com', password: 'switchboard' });
    await first.firstSync();
    const token = (JSON.parse(readFileSync(path.join(dataDir, 'session.json'), 'utf8')) as { token: string }).token;
    await first.close();
    expect((await server.api('POST', '/api/auth/logout', { token })).status).toBe(200);

    const core = await open(dataDir);
    const events: boolean[] = [];
    core.on('syncStatus', (s) => events.push(s.signedIn));
    await core.firstSync();
    expect(await core.call('auth.session', {})).toBeNull();
    expect((await core.call('sync.status', {})).signedIn).toBe(false);
    expect(events.at(-1)).toBe(false);
  });
});
