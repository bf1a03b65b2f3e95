/**
 * The message index of a bootstrap is built on a worker thread while the pages stream in and
 * copied into the cache at the end. These tests check that the copied index is the one a
 * rebuild would make (FTS5's own integrity check against the messages table), that the
 * console's connections use it and keep it current afterwards, and that any mismatch falls
 * back to an ordinary rebuild instead of copying a wrong index.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackgroundIndexBuild, type BackgroundIndexResult } from '../../src/main/cache/backgroundIndexBuild';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { fullTextIndexes } from '../../src/main/cache/fullTextIndex';
import { forceRow } from '../../src/main/cache/mirrorRows';
import { searchCache } from '../../src/main/tickets/search';
import { startTestServer, type TestServer } from '../support/testServer';
import { checkFullTextIndexes, createTicket, customerMessage, openTempCache, seedHelpdesk, staffEmails, startEngine, tempCachePath } from './support/fixtures';

const messageIndex = fullTextIndexes.find((ix) => ix.fts === 'message_fts')!;
const indexed = (cache: Cache, word: string) =>
  (cache.reader.db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ? ORDER BY rowid').all(word) as Array<{ rowid: number }>).map((r) => r.rowid);
const serverMessageIds = (cache: Cache, like: string) =>
  (cache.reader.db.prepare('SELECT id FROM messages WHERE id > 0 AND body LIKE ? ORDER BY id').all(like) as Array<{ id: number }>).map((r) => r.id);

afterEach(() => vi.restoreAllMocks());

describe('the message index built during a bootstrap', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
    const t = await createTicket(s, { type: 'tech', subject: 'Checkout totals', body: 'The marmalade plugin breaks the checkout totals.' });
    await customerMessage(s, t.number, 'Also the marmalade banner is gone.');
  });
  afterAll(() => s.close());

  it('is copied into the cache, matches the messages exactly, and finds their words', async () => {
    const finish = vi.spyOn(BackgroundIndexBuild.prototype, 'finish');
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher);
    await engine.bootstrap();
    expect(finish).toHaveBeenCalledTimes(1);
    await expect(finish.mock.results[0]!.value).resolves.toEqual({ copied: true, failure: null });
    expect(() => checkFullTextIndexes(cache)).not.toThrow();
    const marmalade = serverMessageIds(cache, '%marmalade%');
    expect(marmalade).toHaveLength(2);
    expect(indexed(cache, 'marmalade')).toEqual(marmalade);
    expect(searchCache(cache.reader, 'marmalade').some((hit) => hit.snippet.some((part) => part.match))).toBe(true);
    cache.close();
  });

  it('is kept current by the console afterwards: a live message is found and the index stays exact', async () => {
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher);
    await engine.start();
    await expect.poll(() => engine.status.online, { timeout: 10_000, message: 'online' }).toBe(true);
    await createTicket(s, { type: 'tech', subject: 'Live one', body: 'A quokka appeared in the invoice.' });
    await expect.poll(() => indexed(cache, 'quokka').length === 1, { timeout: 10_000, message: 'the live message in the index' }).toBe(true);
    expect(indexed(cache, 'quokka')).toEqual(serverMessageIds(cache, '%quokka%'));
    expect(indexed(cache, 'marmalade')).toHaveLength(2);
    expect(() => checkFullTextIndexes(cache)).not.toThrow();
    await engine.stop();
    cache.close();
  });

  it('a bootstrap resumed after a crash rebuilds the index instead, and it is just as exact', async () => {
    const file = tempCachePath();
    let pages = 0;
    const failingFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/api/sync/bootstrap') && ++pages > 4) throw new TypeError('fetch failed: simulated crash');
      return fetch(input, init);
    };
    const first = await startEngine(s, staffEmails.dispatcher, { cache: openTempCache(file), fetch: failingFetch });
    await expect(first.engine.bootstrap()).rejects.toThrow(/simulated crash/);
    first.cache.close();
    writeFileSync(`${file}.message_fts-build`, 'left by a build a crash interrupted');

    const built = vi.spyOn(BackgroundIndexBuild.prototype, 'finish');
    const { engine, cache } = await startEngine(s, staffEmails.dispatcher, { cache: openTempCache(file) });
    await engine.bootstrap();
    // The worker never saw the pages committed before the crash, so none was started, and the
    // crashed build's scratch file is gone.
    expect(built).not.toHaveBeenCalled();
    expect(existsSync(`${file}.message_fts-build`)).toBe(false);
    expect(() => checkFullTextIndexes(cache)).not.toThrow();
    expect(indexed(cache, 'marmalade')).toEqual(serverMessageIds(cache, '%marmalade%'));
    cache.close();
  });
});

describe('BackgroundIndexBuild on its own', () => {
  const message = (id: number, body: string) => ({ id, ticketId: 1, authorUserId: 2, kind: 'staff', body, movedFromTicketId: null, clientRef: null, createdAt: 0, version: 1, via: 'web' });

  it('copies nothing when it did not index exactly the cached messages, and says why', async () => {
    const cache = openTempCache();
    forceRow(cache.writer, 'message', message(1, 'pelican one'));
    forceRow(cache.writer, 'message', message(2, 'pelican two'));
    const build = new BackgroundIndexBuild(cache.writer, cache.path, messageIndex);
    build.add([1], ['pelican one']);
    const result: BackgroundIndexResult = await build.finish();
    expect(result.copied).toBe(false);
    expect(result.failure).toMatch(/indexed 1 rows, the cache holds 2/);
    // The cache's own index (kept by its triggers) is untouched.
    expect(indexed(cache, 'pelican')).toEqual([1, 2]);
    expect(() => checkFullTextIndexes(cache)).not.toThrow();
    cache.close();
  });

  it('replaces the cache index with its own when the rows match', async () => {
    const cache = openTempCache();
    cache.writer.db.exec('DROP TRIGGER messages_fts_insert');
    forceRow(cache.writer, 'message', message(5, 'heron five'));
    forceRow(cache.writer, 'message', message(6, 'egret six'));
    expect(indexed(cache, 'heron')).toEqual([]);
    const build = new BackgroundIndexBuild(cache.writer, cache.path, messageIndex);
    build.add([5, 6], ['heron five', 'egret six']);
    await build.room();
    await expect(build.finish()).resolves.toEqual({ copied: true, failure: null });
    expect(indexed(cache, 'heron')).toEqual([5]);
    expect(indexed(cache, 'egret')).toEqual([6]);
    expect(() => checkFullTextIndexes(cache)).not.toThrow();
    cache.close();
  });

  it('stops without touching the cache when abandoned', async () => {
    const cache = openTempCache();
    const build = new BackgroundIndexBuild(cache.writer, cache.path, messageIndex);
    build.add([9], ['ibis nine']);
    await build.abandon();
    expect(indexed(cache, 'ibis')).toEqual([]);
    cache.close();
  });
});
