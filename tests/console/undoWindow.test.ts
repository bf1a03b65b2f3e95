/**
 * The undo window (issue 21), the real console core against the real server: an undoable
 * action waits in the outbox; Undo cancels it locally before the server ever sees it, puts
 * the cached ticket back, and lets what was queued behind it go; one not undone is pushed once
 * its window has passed, and is then too late to undo.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';
import { startTestServer, type TestServer } from '../support/testServer';
import { createCustomerTicket, soon, type NewTicket } from './support/consoleStack';

describe('the undo window', () => {
  let server: TestServer;
  let tech: number;
  const cores: ConsoleCore[] = [];

  /** While set, the console's requests fail as with the network down. */
  let offline = false;
  const switchableFetch: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));

  async function dispatcherConsole(undoWindowMs: number): Promise<ConsoleCore> {
    const core = await createConsoleCore({
      dataDir: mkdtempSync(path.join(tmpdir(), 'sb-undo-')),
      tokenStore: memoryTokenStore(),
      fetch: switchableFetch,
      engineOptions: { undoWindowMs, backoff: { baseMs: 50, maxMs: 300, random: () => 1 } },
    });
    cores.push(core);
    await core.call('auth.signIn', { serverUrl: server.url, email: 'dispatcher@example.com', password: 'switchboard' });
    await core.firstSync();
    return core;
  }
  const serverTicket = async (t: NewTicket) =>
    (await server.ctx.db.query<{ status: string; priority: string; cost: number | null; departmentId: number | null }>('SELECT status, priority, cost, department_id AS "departmentId" FROM tickets WHERE id = $1', [t.id]))[0]!;
  const serverNotes = async (t: NewTicket) => (await server.ctx.db.query(`SELECT body FROM ticket_messages WHERE ticket_id = $1 AND kind = 'note'`, [t.id])).length;
  /** The ticket as the console shows it (its cache, effects included). */
  const shown = async (core: ConsoleCore, t: NewTicket) => (await core.call('ticket.detail', { ticketId: t.id })).ticket;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    [{ id: tech }] = (await server.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`)) as [{ id: number }];
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    await server?.close();
  });

  it('undone before its window ends, an action never reaches the server; its effect goes and what waited behind it is sent', async () => {
    const core = await dispatcherConsole(60_000);
    const t = await createCustomerTicket(server, 'Undo me');
    await core.call('sync.now', {});
    const before = await serverTicket(t);
    const shownBefore = await shown(core, t);
    const classify = await core.call('ticket.classify', { ticketId: t.id, type: 'tech', departmentId: tech, cost: 20 });
    expect(classify.summary).toBe(`Classified #${t.number} · forwarded to Tech support`);
    const close = await core.call('ticket.close', { ticketId: t.id });
    expect(close).toMatchObject({ undo: { key: expect.any(String) }, summary: `Closed #${t.number} · 20 points charged` });
    expect(close.undo!.until).toBeGreaterThan(Date.now() + 50_000);
    // A note is not undoable, but waits behind the held actions (the server takes them in order).
    await core.call('ticket.note', { ticketId: t.id, body: 'checked the logs' });
    expect(await shown(core, t)).toMatchObject({ status: 'closed', chargedPoints: 20 });

    expect(await core.call('outbox.undo', { keys: [close.undo!.key] })).toEqual({ undone: 1 });
    expect(await shown(core, t)).toMatchObject({ status: 'open', chargedPoints: null, cost: 20 });
    expect(await core.call('outbox.undo', { keys: [classify.undo!.key] })).toEqual({ undone: 1 });
    expect(await shown(core, t)).toMatchObject({ status: 'new', cost: shownBefore.cost });

    // The note, renumbered to the first id, reaches the server; nothing undone ever did.
    await expect.poll(() => serverNotes(t), soon).toBe(1);
    expect(await serverTicket(t)).toEqual(before);
    const [client] = await server.ctx.db.query<{ last: number }>('SELECT last_mutation_id AS last FROM sync_clients WHERE client_id = $1', [core.session()!.engine.clientId]);
    expect(client!.last).toBe(1);
    await expect.poll(async () => (await core.call('sync.status', {})).outboxCount, soon).toBe(0);
    // A second undo of the same key finds nothing to cancel.
    await expect(core.call('outbox.undo', { keys: [close.undo!.key] })).rejects.toMatchObject({ code: 'undo_too_late' });
  });

  it('not undone, an action is pushed once its window has passed, and is too late to undo then', async () => {
    const core = await dispatcherConsole(1_500);
    const t = await createCustomerTicket(server, 'Keep me');
    await core.call('sync.now', {});
    const receipt = await core.call('ticket.setPriority', { ticketId: t.id, priority: 'major' });
    expect(receipt.summary).toBe(`Priority of #${t.number} set to major`);
    expect((await serverTicket(t)).priority).toBe('normal');
    expect((await shown(core, t)).priority).toBe('major');
    await expect.poll(async () => (await serverTicket(t)).priority, soon).toBe('major');
    expect(Date.now()).toBeGreaterThanOrEqual(receipt.undo!.until);
    await expect(core.call('outbox.undo', { keys: [receipt.undo!.key] })).rejects.toMatchObject({ code: 'undo_too_late' });
    expect((await shown(core, t)).priority).toBe('major');
  });

  it('undoes offline too: the action never reaches the server once the console is back', async () => {
    const core = await dispatcherConsole(1_000);
    const t = await createCustomerTicket(server, 'Offline undo');
    await core.call('sync.now', {});
    const before = await serverTicket(t);
    offline = true;
    try {
      // Every request fails now (the live stream already open stays so): a sync says why.
      await core.call('sync.now', {});
      expect((await core.call('sync.status', {})).lastError).toMatch(/fetch failed/);
      const receipt = await core.call('ticket.forward', { ticketId: t.id, departmentId: tech });
      expect((await shown(core, t)).departmentId).toBe(tech);
      expect(await core.call('outbox.undo', { keys: [receipt.undo!.key] })).toEqual({ undone: 1 });
      expect((await shown(core, t)).departmentId).toBe(before.departmentId ?? null);
      await core.call('ticket.note', { ticketId: t.id, body: 'written offline' });
    } finally {
      offline = false;
    }
    // Back online (here the live stream never dropped, so its reconnect's sync is asked for by hand).
    await core.call('sync.now', {});
    await expect.poll(() => serverNotes(t), soon).toBe(1);
    expect(await serverTicket(t)).toEqual(before);
  });
});
