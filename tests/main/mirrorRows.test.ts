/**
 * forceRow writes an optimistic effect or restores a server copy. On a cached row it sets only
 * the columns that differ; the row must still end up exactly as given, with its indexes
 * (queues, full text) following.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { forceRow, readRow } from '../../src/main/cache/mirrorRows';
import { openTempCache } from './support/fixtures';

let cache: Cache;
beforeAll(() => {
  cache = openTempCache();
});
afterAll(() => cache.close());

const ticket = {
  id: 5, number: 1005, accountId: 1, authorUserId: 2, type: 'tech', subject: 'Checkout fails on save', licenseId: 3, productVersion: '4.2',
  priority: 'major', hotRush: true, status: 'open', departmentId: 1, assigneeId: 7, cost: 2, chargedPoints: 2, score: 4.5,
  clockStartedAt: 100, dueAt: 3_600_100, answeredAt: null, preClosedAt: null, closedAt: null, mergedIntoId: null, followUpOfId: null,
  splitFromId: null, createdAt: 100, updatedAt: 100, version: 3, breachedAt: null, hasAccessInfo: true,
};

describe('forceRow', () => {
  it('leaves a cached row exactly as given, nulls, booleans and indexes included', () => {
    forceRow(cache.writer, 'ticket', ticket);
    expect(readRow(cache.reader, 'ticket', 5)).toEqual(ticket);
    const answered = { ...ticket, subject: 'Checkout fixed by patch', hotRush: false, status: 'answered', assigneeId: null, answeredAt: 900, updatedAt: 900, score: 0 };
    forceRow(cache.writer, 'ticket', answered);
    expect(readRow(cache.reader, 'ticket', 5)).toEqual(answered);
    // Forcing the same row again changes nothing.
    forceRow(cache.writer, 'ticket', answered);
    expect(readRow(cache.reader, 'ticket', 5)).toEqual(answered);

    const byStatus = (status: string) => cache.reader.db.prepare('SELECT id FROM tickets INDEXED BY tickets_queue_status WHERE status = ? AND type <> \'log\'').all(status);
    expect(byStatus('open')).toEqual([]);
    expect(byStatus('answered')).toEqual([{ id: 5 }]);
    const subject = (word: string) => cache.reader.db.prepare('SELECT rowid AS id FROM ticket_fts WHERE ticket_fts MATCH ?').all(word);
    expect(subject('fails')).toEqual([]);
    expect(subject('patch')).toEqual([{ id: 5 }]);
    expect(() => cache.writer.db.exec(`INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    expect(cache.reader.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
