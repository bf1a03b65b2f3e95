/**
 * A console that starts offline works with the server's life-cycle settings as it last read
 * them (kept in the cache), not DOMAIN.md's defaults: its optimistic clocks and charges must
 * agree with what the server will compute when the actions arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyncState } from '../../src/main/cache/syncState';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { defaultLifecycleSettings, type LifecycleSettings } from '../../src/shared/domain/model';
import { startTestServer, type TestServer } from '../support/testServer';
import { createTicket, openTempCache, seedHelpdesk, staffEmails, startEngine, switchableFetch, tempCachePath } from './support/fixtures';

const hour = 3_600_000;

describe('life-cycle settings offline', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
  });
  afterAll(() => s.close());

  it('starts offline with the settings last read from the server, and computes clocks with them', async () => {
    const changed: LifecycleSettings = {
      ...defaultLifecycleSettings,
      hotRushSurcharge: 9,
      turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, hotRush: 3 * hour, major: 5 * hour },
    };
    const saved = await s.api('PUT', '/api/admin/settings/lifecycle', { token: await s.login(staffEmails.admin), body: changed });
    expect(saved.status).toBe(200);
    const ticket = await createTicket(s, { type: 'tech', subject: 'Shop is down', body: 'Since this morning', priority: 'major', hotRush: true });

    const file = tempCachePath();
    const online = await startEngine(s, staffEmails.admin, { cache: openTempCache(file) });
    await online.engine.bootstrap();
    expect(online.engine.lifecycleSettings).toEqual(changed);
    expect(readSyncState(online.cache.reader).lifecycleSettings).toEqual(changed);
    await online.engine.stop();
    online.cache.close();

    const net = switchableFetch();
    net.offline = true;
    const cache = openTempCache(file);
    const { engine } = await startEngine(s, staffEmails.admin, { cache, fetch: net.fetch });
    expect(engine.lifecycleSettings).toEqual(changed);
    const before = ticketDetail(cache.reader, ticket.id)!.ticket;
    engine.perform('ticket.setHotRush', { ticketId: ticket.id, hotRush: false });
    // Without HotRush the clock's target is the server's major target (5 h), not the default.
    expect(ticketDetail(cache.reader, ticket.id)).toMatchObject({ pending: true, ticket: { hotRush: false, dueAt: Number(before.clockStartedAt) + 5 * hour } });
    await engine.stop();
    cache.close();
  });
});
