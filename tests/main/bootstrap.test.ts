import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { readSyncState, updateSyncState } from '../../src/main/cache/syncState';
import { cacheRows, customerMessage, createTicket, openTempCache, seedHelpdesk, serverRowsFor, staffEmails, startEngine, tempCachePath } from './support/fixtures';
import type { BootstrapProgress } from '../../src/main/sync/bootstrapLoader';
import { bootstrapNextHeader } from '../../src/shared/sync/protocol';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { mirroredSecondaryIndexes } from '../../src/main/cache/deferredIndexes';

/** Secondary indexes of the mirrored tables, by name. */
const secondaryIndexes = (cache: Cache): string[] => mirroredSecondaryIndexes(cache.reader).map((ix) => ix.name);
const fresh = openTempCache();
const allSecondaryIndexes = secondaryIndexes(fresh);
fresh.close();

describe('bootstrap', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
  });
  afterAll(() => s.close());

  it.each(['dispatcher', 'engineer', 'billing', 'admin'] as const)('fills the cache with exactly what the %s scopes give, row by row', async (role) => {
    const { engine, cache } = await startEngine(s, staffEmails[role]);
    const progress: BootstrapProgress[] = [];
    engine.on('progress', (p) => progress.push(p));
    await engine.bootstrap();
    const expected = await serverRowsFor(s, staffEmails[role]);
    expect(expected.ticket.length).toBeGreaterThan(2);
    expect(expected.message.length).toBeGreaterThan(2);
    expect(cacheRows(cache)).toEqual(expected);
    // Tiny pages: the multi-page path ran, and progress ended at the total.
    const total = Object.values(expected).reduce((n, rows) => n + rows.length, 0);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toMatchObject({ rowsDone: total, total });
    expect(readSyncState(cache.reader)).toMatchObject({ bootstrapPhase: 'done', bootstrapNext: null, deferredIndexes: null });
    // The indexes dropped for the load are all back.
    expect(allSecondaryIndexes.length).toBeGreaterThan(20);
    expect(secondaryIndexes(cache)).toEqual(allSecondaryIndexes);
    cache.close();
  });

  it('scopes differ by role: the engineer gets no billing rows, billing no tech tickets', async () => {
    const eng = await serverRowsFor(s, staffEmails.engineer);
    const bill = await serverRowsFor(s, staffEmails.billing);
    expect(eng.invoice).toEqual([]);
    expect(bill.invoice.length).toBe(1);
    expect(bill.ticket.every((t) => t.type !== 'tech')).toBe(true);
  });

  it('resumes an interrupted bootstrap from the last committed page and ends equal', async () => {
    const file = tempCachePath();
    let pages = 0;
    const failingFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/api/sync/bootstrap')) {
        pages += 1;
        if (pages > 3) throw new TypeError('fetch failed: simulated crash after 3 pages');
      }
      return fetch(input, init);
    };
    const { engine: first, cache: firstCache } = await startEngine(s, staffEmails.dispatcher, { cache: openTempCache(file), fetch: failingFetch });
    await expect(first.bootstrap()).rejects.toThrow(/simulated crash/);
    const mid = readSyncState(firstCache.reader);
    expect(mid.bootstrapPhase).toBe('running');
    expect(mid.bootstrapNext).not.toBeNull();
    // The secondary indexes are dropped while the rows load, their definitions kept.
    expect(secondaryIndexes(firstCache)).toEqual([]);
    expect(mid.deferredIndexes!.map((ix) => ix.name).sort()).toEqual(allSecondaryIndexes);
    const firstCursor = mid.bootstrapCursor;
    firstCache.close();

    // The server moves on between the crash and the restart.
    const t = await createTicket(s, { type: 'tech', subject: 'Written during the crash', body: 'Hello' });
    await customerMessage(s, t.number, 'and more');

    let resumedFrom: string | null = null;
    const watchingFetch: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname === '/api/sync/bootstrap' && resumedFrom === null) resumedFrom = url.searchParams.get('after');
      return fetch(input, init);
    };
    const cache = openTempCache(file);
    const { engine: second } = await startEngine(s, staffEmails.dispatcher, { cache, fetch: watchingFetch });
    await second.bootstrap();
    expect(resumedFrom).toBe(mid.bootstrapNext);
    expect(readSyncState(cache.reader).cursor).toBe(firstCursor);
    expect(secondaryIndexes(cache)).toEqual(allSecondaryIndexes);
    expect(readSyncState(cache.reader).deferredIndexes).toBeNull();
    await second.pull();
    expect(cacheRows(cache)).toEqual(await serverRowsFor(s, staffEmails.dispatcher));
    cache.close();
  });

  it.each([
    ['cut before its closing line', (text: string) => text.slice(0, text.lastIndexOf('{"end"')), /without its closing line/],
    ['with a row line that is not a row', (text: string) => text.replace(/\n\[\d+,/, '\n["x",'), /malformed row line/],
    ['with a row line before its columns line', (text: string) => text.replace(/^\{"entity":[^\n]*\n/, ''), /row line before any columns line/],
    ['with a columns line of an unknown entity', (text: string) => text.replace(/^\{"entity":"\w+"/, '{"entity":"nonsense"'), /malformed columns line/],
  ])('refuses a page %s, keeping the pages before it and writing none of it', async (_, corrupt, error) => {
    let pages = 0;
    const corruptingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/api/sync/bootstrap') || ++pages !== 3) return res;
      return new Response(corrupt(await res.text()), { status: res.status, headers: res.headers });
    };
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher, { fetch: corruptingFetch });
    await expect(engine.bootstrap()).rejects.toThrow(error);
    const state = readSyncState(cache.reader);
    expect(state.bootstrapPhase).toBe('running');
    // Two pages of 7 rows committed, nothing of the third.
    expect(Object.values(state.bootstrapProgress!.done).reduce((a, b) => a + b, 0)).toBe(14);
    const rows = Object.values(cacheRows(cache)).reduce((n, list) => n + list.length, 0);
    expect(rows).toBe(14);
    cache.close();
  });

  it('names the next page in a header, the same key as the closing line, and none on the last page', async () => {
    const token = await s.login(staffEmails.dispatcher);
    const seen: Array<{ header: string | null; next: string | null }> = [];
    let after: string | null = null;
    do {
      const res = await fetch(`${s.url}/api/sync/bootstrap?limit=7${after ? `&after=${after}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      const lines = (await res.text()).trim().split('\n');
      const end = JSON.parse(lines.at(-1)!) as { next: string | null };
      seen.push({ header: res.headers.get(bootstrapNextHeader), next: end.next });
      after = end.next;
    } while (after);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.slice(0, -1).every((p) => p.header !== null && p.header === p.next)).toBe(true);
    expect(seen.at(-1)).toEqual({ header: null, next: null });
  });

  it('refuses a page whose header and closing line name different next pages', async () => {
    let pages = 0;
    const lyingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/api/sync/bootstrap') || ++pages !== 2) return res;
      const headers = new Headers(res.headers);
      headers.set(bootstrapNextHeader, 'bm90IHRoZSBzYW1lIGtleQ');
      return new Response(await res.text(), { status: res.status, headers });
    };
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher, { fetch: lyingFetch });
    await expect(engine.bootstrap()).rejects.toThrow(/header and closing line name different next pages/);
    // The first page stays; nothing of the second was written.
    expect(Object.values(readSyncState(cache.reader).bootstrapProgress!.done).reduce((a, b) => a + b, 0)).toBe(7);
    cache.close();
  });

  it('starts over when the server refuses a saved resume key', async () => {
    const { engine, cache } = await startEngine(s, staffEmails.billing);
    await engine.identify();
    updateSyncState(cache.writer, { bootstrapPhase: 'running', bootstrapNext: 'bm90IGEga2V5', bootstrapCursor: 'old:1' });
    await engine.bootstrap();
    expect(readSyncState(cache.reader)).toMatchObject({ bootstrapPhase: 'done' });
    expect(readSyncState(cache.reader).cursor).not.toBe('old:1');
    expect(cacheRows(cache)).toEqual(await serverRowsFor(s, staffEmails.billing));
    cache.close();
  });
});
