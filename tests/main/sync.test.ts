import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { outboxCounts, rejectedMutations } from '../../src/main/cache/outbox';
import { readSyncState, updateSyncState } from '../../src/main/cache/syncState';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { composeMail } from '../support/mail';
import type { RejectedMutation } from '../../src/main/sync/syncEngine';
import {
  cacheRows, createTicket, customerMessage, messageCount, openTempCache, pushAs, seedHelpdesk, serverRowsFor, staffEmails, offlineCountingBootstraps, startEngine, switchableFetch,
  tempCachePath, endpointFailingFetch,
} from './support/fixtures';

describe('sync engine against the real server', () => {
  let s: TestServer;
  let adminId: number;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
    adminId = (await s.ctx.db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'admin@example.com'`))[0]!.id;
  });
  afterAll(() => s.close());

  it('pulls the changes of a server write into the cache', async () => {
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher);
    await engine.bootstrap();
    const t = await createTicket(s, { type: 'sales', subject: 'Pulled later', body: 'First words' });
    await customerMessage(s, t.number, 'Second words');
    await engine.pull();
    expect(cacheRows(cache)).toEqual(await serverRowsFor(s, staffEmails.dispatcher));
    expect(ticketDetail(cache.reader, t.id)?.messages.map((m) => m.body)).toEqual(['First words', 'Second words']);
    await engine.stop();
    cache.close();
  });

  it('tells a message that came by email from one written in the portal', async () => {
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher);
    await engine.bootstrap();
    const t = await createTicket(s, { type: 'tech', subject: 'Mailed in', body: 'Written in the portal' });
    const raw = await composeMail({ from: 'customer@example.com', subject: `Re: [#${t.number}] Mailed in`, text: 'Written in my mail client' });
    expect(await s.mailIngest.ingest(raw, 'smtp')).toMatchObject({ outcome: 'ticketed' });
    await engine.pull();
    expect(ticketDetail(cache.reader, t.id)?.messages.map((m) => [m.body, m.via])).toEqual([['Written in the portal', 'web'], ['Written in my mail client', 'email']]);
    await engine.stop();
    cache.close();
  });

  it('shows a customer message in a running engine through the SSE poke', async () => {
    const { engine, cache } = await startEngine(s, staffEmails.engineer);
    await engine.start();
    await expect.poll(() => engine.status.online, { timeout: 10_000, message: 'online' }).toBe(true);
    const t = await createTicket(s, { type: 'tech', subject: 'Live one', body: 'Is anyone there?' });
    await expect.poll(() => ticketDetail(cache.reader, t.id) !== null, { timeout: 10_000, message: 'the new ticket in the cache' }).toBe(true);
    await customerMessage(s, t.number, 'Hello again, live');
    await expect.poll(() => ticketDetail(cache.reader, t.id)!.messages.some((m) => m.body === 'Hello again, live'), { timeout: 10_000, message: 'the message in the cache' }).toBe(true);
    await engine.stop();
    cache.close();
  });

  /** A running engine whose requests to `endpoint` fail while `net.failing` is set, and a ticket it has in its cache. */
  async function liveWithFailing(endpoint: string, subject: string) {
    const net = endpointFailingFetch(endpoint);
    const { engine, cache } = await startEngine(s, staffEmails.engineer, { fetch: net.fetch, backoff: { baseMs: 50, maxMs: 200, random: () => 1 } });
    await engine.start();
    await expect.poll(() => engine.status.online, { timeout: 10_000, message: 'online' }).toBe(true);
    const t = await createTicket(s, { type: 'tech', subject, body: 'Anyone?' });
    await expect.poll(() => ticketDetail(cache.reader, t.id) !== null, { timeout: 10_000, message: 'the new ticket in the cache' }).toBe(true);
    return { net, engine, cache, t };
  }

  it('still brings a poked change in when its pulls failed and the server has no further change to poke about', async () => {
    // The live stream stays up; only the pulls' requests fail while the commit's pokes arrive.
    const { net, engine, cache, t } = await liveWithFailing('/api/sync/changes', 'Pulls fail for a while');
    net.failing = true;
    await customerMessage(s, t.number, 'After failed pulls');
    // The poke's pull fails, then the retry the engine schedules after it: the poke is spent and
    // nothing more happens on the server, so only the retries can bring the message in.
    await expect.poll(() => net.failures >= 2, { timeout: 10_000, message: 'a failed pull and a failed retry' }).toBe(true);
    expect(ticketDetail(cache.reader, t.id)!.messages.some((m) => m.body === 'After failed pulls')).toBe(false);
    expect(engine.status.lastError).toMatch(/other side closed/);
    net.failing = false;
    await expect.poll(() => ticketDetail(cache.reader, t.id)!.messages.some((m) => m.body === 'After failed pulls'), { timeout: 10_000, message: 'the message in the cache' }).toBe(true);
    await expect.poll(() => engine.status.online && engine.status.lastError === null, { timeout: 10_000, message: 'online again with no error shown' }).toBe(true);
    await engine.stop();
    cache.close();
  });

  it('sends a reply whose push failed while the live stream stayed open, with no further action', async () => {
    const { net, engine, cache, t } = await liveWithFailing('/api/sync/push', 'Push fails for a while');
    net.failing = true;
    const { clientRef } = engine.perform('ticket.reply', { ticketId: t.id, body: 'Sent in the end' });
    await expect.poll(() => net.failures >= 2, { timeout: 10_000, message: 'the push to fail and be retried' }).toBe(true);
    expect(await messageCount(s, 'client_ref = $1', [clientRef])).toBe(0);
    expect(outboxCounts(cache.reader).waiting).toBe(1);
    net.failing = false;
    await expect.poll(async () => (await messageCount(s, 'client_ref = $1', [clientRef])) === 1, { timeout: 10_000, message: 'the reply on the server' }).toBe(true);
    await expect.poll(() => outboxCounts(cache.reader).waiting === 0 && !ticketDetail(cache.reader, t.id)!.pending, { timeout: 10_000, message: 'the outbox to drain' }).toBe(true);
    expect(await messageCount(s, 'client_ref = $1', [clientRef])).toBe(1);
    await engine.stop();
    cache.close();
  });

  it('keeps offline replies across a restart and delivers each exactly once', async () => {
    const file = tempCachePath();
    const t1 = await createTicket(s, { type: 'tech', subject: 'Offline one', body: 'Help 1' });
    const t2 = await createTicket(s, { type: 'tech', subject: 'Offline two', body: 'Help 2' });
    const net = switchableFetch();
    const { engine, cache } = await startEngine(s, staffEmails.engineer, { cache: openTempCache(file), fetch: net.fetch });
    await engine.bootstrap();
    net.offline = true;
    const refs = [
      engine.perform('ticket.reply', { ticketId: t1.id, body: 'Offline answer one' }).clientRef!,
      engine.perform('ticket.note', { ticketId: t1.id, body: 'Offline note' }).clientRef!,
      engine.perform('ticket.reply', { ticketId: t2.id, body: 'Offline answer two' }).clientRef!,
    ];
    await engine.whenIdle();
    expect(engine.status.online).toBe(false);
    const shown = ticketDetail(cache.reader, t1.id)!;
    expect(shown.ticket.status).toBe('answered');
    expect(shown.pending).toBe(true);
    expect(shown.messages.filter((m) => m.pending).map((m) => m.body)).toEqual(['Offline answer one', 'Offline note']);
    await engine.stop();
    cache.close();

    const reopened = openTempCache(file);
    expect(outboxCounts(reopened.reader).waiting).toBe(3);
    expect(ticketDetail(reopened.reader, t2.id)!.messages.at(-1)).toMatchObject({ body: 'Offline answer two', pending: true });
    const { engine: again } = await startEngine(s, staffEmails.engineer, { cache: reopened });
    await again.start();
    await expect.poll(() => outboxCounts(reopened.reader).waiting === 0 && !again.status.pushing, { timeout: 10_000, message: 'the outbox to drain' }).toBe(true);
    await again.pull();
    for (const ref of refs) expect(await messageCount(s, 'client_ref = $1', [ref])).toBe(1);
    const detail = ticketDetail(reopened.reader, t1.id)!;
    expect(detail.messages.filter((m) => m.body === 'Offline answer one')).toHaveLength(1);
    expect(detail.messages.some((m) => m.pending)).toBe(false);
    expect(detail.pending).toBe(false);
    expect(reopened.reader.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(cacheRows(reopened)).toEqual(await serverRowsFor(s, staffEmails.engineer));
    await again.stop();
    reopened.close();
  });

  it('finishes a first bootstrap cut short once the server answers again, after a start while it did not', async () => {
    const file = tempCachePath();
    const net = switchableFetch();
    const { engine, cache } = await startEngine(s, staffEmails.billing, { cache: openTempCache(file), fetch: net.fetch });
    // Signed in (the cache knows its user's id), then the console is closed before any row came.
    await engine.identify();
    await engine.stop();
    cache.close();
    const reopened = openTempCache(file);
    expect(readSyncState(reopened.reader).userId).not.toBeNull();
    expect(readSyncState(reopened.reader).bootstrapPhase).not.toBe('done');
    const { engine: again } = await startEngine(s, staffEmails.billing, { cache: reopened, fetch: net.fetch });
    net.offline = true;
    await again.start();
    expect(again.status.online).toBe(false);
    net.offline = false;
    await again.pull();
    expect(readSyncState(reopened.reader).bootstrapPhase).toBe('done');
    expect(cacheRows(reopened)).toEqual(await serverRowsFor(s, staffEmails.billing));
    await again.stop();
    reopened.close();
  });

  it('rolls a rejected mutation back and says why', async () => {
    const t = await createTicket(s, { type: 'tech', subject: 'Contested', body: 'Who takes it?' });
    const net = switchableFetch();
    const { engine, cache } = await startEngine(s, staffEmails.engineer, { fetch: net.fetch });
    await engine.bootstrap();
    const rejected: RejectedMutation[] = [];
    engine.on('rejected', (r) => rejected.push(r));
    net.offline = true;
    engine.perform('ticket.claim', { ticketId: t.id });
    await engine.whenIdle();
    expect(ticketDetail(cache.reader, t.id)!.ticket).toMatchObject({ status: 'in_progress', assigneeId: readSyncState(cache.reader).userId });
    // Meanwhile a dispatcher gives the ticket to someone else.
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.assign', { ticketId: t.id, assigneeId: adminId })).status).toBe('applied');
    net.offline = false;
    await engine.push();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.error.code).toBe('already_claimed');
    expect(rejectedMutations(cache.reader)[0]!.error!.message).toMatch(/already assigned/);
    const after = ticketDetail(cache.reader, t.id)!;
    expect(after.pending).toBe(false);
    expect(after.ticket.assigneeId).not.toBe(readSyncState(cache.reader).userId);
    await engine.pull();
    expect(ticketDetail(cache.reader, t.id)!.ticket.assigneeId).toBe(adminId);
    await engine.stop();
    cache.close();
  });

  it('does not duplicate a reply when a push response is lost and the push is repeated', async () => {
    const t = await createTicket(s, { type: 'tech', subject: 'Lost answer', body: 'Hello?' });
    let loseNext = true;
    const lossyFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).endsWith('/api/sync/push') && loseNext) {
        loseNext = false;
        throw new TypeError('fetch failed: response lost (simulated)');
      }
      return res;
    };
    const { engine, cache } = await startEngine(s, staffEmails.engineer, { fetch: lossyFetch });
    await engine.bootstrap();
    const { clientRef } = engine.perform('ticket.reply', { ticketId: t.id, body: 'Answer sent twice' });
    await expect.poll(() => !loseNext && !engine.status.pushing, { timeout: 10_000, message: 'the first push to fail' }).toBe(true);
    expect(await messageCount(s, 'client_ref = $1', [clientRef])).toBe(1);
    expect(outboxCounts(cache.reader).waiting).toBe(1);
    await engine.push();
    await engine.pull();
    expect(await messageCount(s, 'client_ref = $1', [clientRef])).toBe(1);
    expect(ticketDetail(cache.reader, t.id)!.messages.filter((m) => m.clientRef === clientRef)).toMatchObject([{ pending: false }]);
    expect(cache.reader.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    await engine.stop();
    cache.close();
  });

  it('bootstraps afresh on a 409 and keeps the outbox', async () => {
    const t = await createTicket(s, { type: 'tech', subject: 'Across an epoch', body: 'Hi' });
    const { net, fetch: counting, freshBootstraps } = offlineCountingBootstraps();
    const { engine, cache } = await startEngine(s, staffEmails.engineer, { fetch: counting });
    await engine.bootstrap();
    net.offline = true;
    const { clientRef } = engine.perform('ticket.reply', { ticketId: t.id, body: 'Written before the epoch change' });
    await engine.whenIdle();
    updateSyncState(cache.writer, { cursor: 'bogus:5' });
    net.offline = false;
    await engine.pull();
    expect(freshBootstraps()).toBe(2);
    expect(readSyncState(cache.reader).cursor).not.toBe('bogus:5');
    expect(outboxCounts(cache.reader).waiting).toBe(1);
    expect(ticketDetail(cache.reader, t.id)!.messages.at(-1)).toMatchObject({ body: 'Written before the epoch change', pending: true });
    await engine.push();
    await engine.pull();
    expect(await messageCount(s, 'client_ref = $1', [clientRef])).toBe(1);
    expect(cacheRows(cache)).toEqual(await serverRowsFor(s, staffEmails.engineer));
    await engine.stop();
    cache.close();
  });

  it('neither loses nor doubles replies when the cache file is restored from an older copy', async () => {
    const t = await createTicket(s, { type: 'tech', subject: 'Restored cache', body: 'Hello' });
    const file = tempCachePath();
    const backup = tempCachePath();
    const net = switchableFetch();
    const first = await startEngine(s, staffEmails.engineer, { cache: openTempCache(file), fetch: net.fetch });
    await first.engine.bootstrap();
    net.offline = true;
    const r1 = first.engine.perform('ticket.reply', { ticketId: t.id, body: 'Reply one' }).clientRef!;
    await first.engine.whenIdle();
    first.cache.writer.db.exec(`VACUUM INTO '${backup}'`);
    net.offline = false;
    await first.engine.push();
    const r2 = first.engine.perform('ticket.reply', { ticketId: t.id, body: 'Reply two' }).clientRef!;
    await first.engine.whenIdle();
    await first.engine.push();
    expect(outboxCounts(first.cache.reader).waiting).toBe(0);
    const oldClientId = first.engine.clientId;
    await first.engine.stop();
    first.cache.close();

    // The backup still holds reply one as waiting, and its id counter is behind the server's.
    const restored = await startEngine(s, staffEmails.engineer, { cache: openTempCache(backup) });
    await restored.engine.push();
    await restored.engine.whenIdle();
    expect(restored.engine.clientId).not.toBe(oldClientId);
    const r3 = restored.engine.perform('ticket.reply', { ticketId: t.id, body: 'Reply three' }).clientRef!;
    await restored.engine.whenIdle();
    await restored.engine.push();
    await restored.engine.pull();
    for (const ref of [r1, r2, r3]) expect(await messageCount(s, 'client_ref = $1', [ref])).toBe(1);
    expect(outboxCounts(restored.cache.reader).waiting).toBe(0);
    expect(cacheRows(restored.cache)).toEqual(await serverRowsFor(s, staffEmails.engineer));
    await restored.engine.stop();
    restored.cache.close();
  });
});
