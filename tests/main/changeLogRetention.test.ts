/**
 * The change log kept to a short window (CHANGE_LOG_RETENTION_MS): old changes are deleted,
 * a cursor behind the window gets 409 `cursor_trimmed`, and the real console core whose
 * cursor fell behind bootstraps again, keeps the reply it queued offline and delivers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorAt, startTestServer, type TestServer } from '../support/testServer';
import { outboxCounts } from '../../src/main/cache/outbox';
import { readSyncState } from '../../src/main/cache/syncState';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { headSeq } from '../../src/server/sync/changeLog';
import { cacheRows, createTicket, customerMessage, messageCount, seedHelpdesk, serverRowsFor, staffEmails, startEngine, offlineCountingBootstraps } from './support/fixtures';

const windowMs = 60_000;

describe('change log retention', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite', { config: { changeLogRetentionMs: windowMs } });
    await seedHelpdesk(s);
  });
  afterAll(() => s.close());

  const logSize = async () => (await s.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM changes'))[0]!.n;

  it('deletes the changes older than the window and answers 409 to a cursor behind it, naming the cursor', async () => {
    const token = await s.login(staffEmails.engineer);
    const epoch = (await s.api('GET', `/api/sync/changes?cursor=x:0`, { token })).body;
    expect(epoch).toMatchObject({ error: 'cursor_epoch_unknown' });
    const before = await headSeq(s.ctx.db);
    expect(await logSize()).toBeGreaterThan(0);
    s.clock.advance(windowMs + 1);
    const t = await createTicket(s, { type: 'tech', subject: 'Inside the window', body: 'New' });
    const { removed, trimmedThrough } = await s.changeLogTrimmer.runDue();
    expect(removed).toBeGreaterThan(0);
    expect(trimmedThrough).toBe(before);
    // Only the changes written inside the window are left.
    const left = await s.ctx.db.query<{ at: number }>('SELECT at FROM changes');
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((c) => c.at >= s.clock.now() - windowMs)).toBe(true);

    const cursor = (seq: number) => cursorAt(s, token, seq);
    const behind = await s.api('GET', `/api/sync/changes?cursor=${await cursor(before - 1)}`, { token });
    expect(behind.status).toBe(409);
    expect(behind.body).toMatchObject({ error: 'cursor_trimmed', field: 'query.cursor' });
    // A cursor at the trim mark still gets every change after it.
    const atMark = await s.api<{ changes: Array<{ entity: string; entityId: number }> }>('GET', `/api/sync/changes?cursor=${await cursor(before)}`, { token });
    expect(atMark.status).toBe(200);
    expect(atMark.body.changes).toContainEqual(expect.objectContaining({ entity: 'ticket', entityId: t.id }));
    // A quiet window trims everything; a cursor at the head stays good.
    s.clock.advance(windowMs + 1);
    await s.changeLogTrimmer.runDue();
    expect(await logSize()).toBe(0);
    const head = await headSeq(s.ctx.db);
    expect((await s.api('GET', `/api/sync/changes?cursor=${await cursor(head)}`, { token })).status).toBe(200);
  });

  it('sends a console whose cursor fell behind the window to a fresh bootstrap that keeps its outbox', async () => {
    const t = await createTicket(s, { type: 'tech', subject: 'Offline past the window', body: 'Hello?' });
    const { net, fetch: counting, freshBootstraps } = offlineCountingBootstraps();
    const { engine, cache } = await startEngine(s, staffEmails.engineer, { fetch: counting });
    await engine.bootstrap();
    const oldCursor = readSyncState(cache.reader).cursor;
    net.offline = true;
    const { clientRef } = engine.perform('ticket.reply', { ticketId: t.id, body: 'Written while offline for long' });
    await engine.whenIdle();
    // While the console is away: the customer writes, and the window passes over its cursor.
    await customerMessage(s, t.number, 'Still there?');
    s.clock.advance(windowMs + 1);
    await customerMessage(s, t.number, 'Anyone?');
    expect((await s.changeLogTrimmer.runDue()).trimmedThrough).toBeGreaterThan(Number(oldCursor!.split(':')[1]));

    net.offline = false;
    await engine.pull();
    expect(freshBootstraps()).toBe(2);
    expect(outboxCounts(cache.reader).waiting).toBe(1);
    expect(ticketDetail(cache.reader, t.id)!.messages.map((m) => [m.body, m.pending])).toEqual([
      ['Hello?', false], ['Still there?', false], ['Anyone?', false], ['Written while offline for long', true],
    ]);
    await engine.push();
    await engine.pull();
    expect(await messageCount(s, 'client_ref = $1', [clientRef])).toBe(1);
    expect(outboxCounts(cache.reader).waiting).toBe(0);
    expect(cacheRows(cache)).toEqual(await serverRowsFor(s, staffEmails.engineer));
    await engine.stop();
    cache.close();
  });
});
