/**
 * The search screen's results (issue 21): one result per ticket with its matching messages
 * grouped under it, status, account, assignee and date, the matching text rather than the
 * subject again (marked runs, text only), best match or newest first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { forceRow } from '../../src/main/cache/mirrorRows';
import { searchResults } from '../../src/main/tickets/searchResults';
import { openTempCache } from './support/fixtures';

const now = Date.UTC(2026, 11, 3, 9);
const hour = 3_600_000;
let cache: Cache;

beforeAll(() => {
  cache = openTempCache();
  const w = cache.writer;
  w.transaction(() => {
    forceRow(w, 'account', { id: 1, company: 'Acme Shop', contactEmail: 'a@example.com', standingAdjustment: 0, newsletter: [], createdAt: 0, version: 1, pointsBalance: 0 });
    forceRow(w, 'user', { id: 7, name: 'Eric Engineer', email: 'e@example.com', role: 'staff.engineer', active: true, createdAt: 0, version: 1, departmentIds: [] });
    const ticket = (id: number, subject: string, updatedAt: number, status = 'open') =>
      forceRow(w, 'ticket', { id, number: 105000 + id, accountId: 1, type: 'tech', subject, priority: 'normal', hotRush: false, status, departmentId: null, assigneeId: id === 1 ? 7 : null, score: 1, dueAt: null, authorUserId: null, productVersion: '', cost: 0, createdAt: updatedAt - hour, updatedAt, version: 1 });
    const message = (id: number, ticketId: number, body: string, at: number) => forceRow(w, 'message', { id, ticketId, authorUserId: null, kind: 'customer', body, createdAt: at, version: 1 });
    // Ticket 1: three messages mention the marmalade error; updated long ago.
    ticket(1, 'Shop broken', now - 48 * hour);
    message(11, 1, 'After the upgrade the marmalade plugin shows an error on checkout.', now - 50 * hour);
    message(12, 1, 'Still the marmalade error, see the attached log.', now - 49 * hour);
    message(13, 1, 'The marmalade error is gone after clearing the cache.', now - 48 * hour);
    // Ticket 2: the word only in its subject; updated just now.
    ticket(2, 'Marmalade error on the invoice page', now - hour, 'new');
    message(21, 2, 'Our invoices page stays white since this morning, please help.', now - 2 * hour);
    message(31, 3, 'nothing to see here', now);
  });
});
afterAll(() => cache.close());

describe('searchResults', () => {
  it('groups a ticket\'s matching messages under one result, with its facts and the matching text', () => {
    const results = searchResults(cache.reader, 'marmalade error');
    expect(results.map((r) => r.ticketNumber).sort()).toEqual([105001, 105002]);
    const one = results.find((r) => r.ticketId === 1)!;
    expect(one).toMatchObject({ kind: 'ticket', title: 'Shop broken', status: 'open', company: 'Acme Shop', assigneeId: 7, at: now - 48 * hour, titleMatched: false, messageCount: 3 });
    expect(one.moreMessages).toHaveLength(2);
    for (const parts of [one.snippet, ...one.moreMessages.map((m) => m.snippet)]) {
      expect(parts.filter((p) => p.match).map((p) => p.text.toLowerCase())).toEqual(expect.arrayContaining(['marmalade', 'error']));
    }
    // The subject is not repeated as the snippet.
    expect(one.snippet.map((p) => p.text).join('')).not.toContain('Shop broken');
  });

  it('marks the words in a matching subject, and shows the ticket\'s opening words instead of the subject again', () => {
    const two = searchResults(cache.reader, 'marmalade error').find((r) => r.ticketId === 2)!;
    expect(two.titleMatched).toBe(true);
    expect(two.titleParts.filter((p) => p.match).map((p) => p.text)).toEqual(['Marmalade', 'error']);
    expect(two.titleParts.map((p) => p.text).join('')).toBe('Marmalade error on the invoice page');
    expect(two.snippet).toEqual([{ text: 'Our invoices page stays white since this morning, please help.', match: false }]);
    expect(two.messageCount).toBe(0);
  });

  it('orders by relevance or by latest activity, as asked', () => {
    const newest = searchResults(cache.reader, 'marmalade error', { order: 'newest' });
    expect(newest.map((r) => r.ticketId)).toEqual([2, 1]);
    // Ticket 1 has three matches of both words; ranking puts it on its best message, and each order is consistent.
    const best = searchResults(cache.reader, 'marmalade', { order: 'relevance' });
    expect(best.map((r) => r.ticketId).sort()).toEqual([1, 2]);
    expect(searchResults(cache.reader, 'marmalade', { limit: 1 })).toHaveLength(1);
  });

  it('treats markup and FTS syntax as words, and finds nothing in nothing', () => {
    expect(searchResults(cache.reader, '"marmalade*" <error>')).toEqual(searchResults(cache.reader, 'marmalade error'));
    expect(searchResults(cache.reader, '***')).toEqual([]);
  });
});
