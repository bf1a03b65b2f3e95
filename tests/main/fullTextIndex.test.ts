/**
 * The message index holds server rows only: a pending reply (negative local id) is not
 * indexed on the local action's hot path, its server copy is, and deleting the pending row
 * (its server copy arrived, or the action was refused) leaves the index consistent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { rebuildFullTextIndexes } from '../../src/main/cache/fullTextIndex';
import { deleteRow, forceRow } from '../../src/main/cache/mirrorRows';
import { pendingRowId } from '../../src/main/cache/pendingEffects';
import { openTempCache } from './support/fixtures';

let cache: Cache;
const indexed = (word: string) => (cache.reader.db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ? ORDER BY rowid').all(word) as Array<{ rowid: number }>).map((r) => r.rowid);
const message = (id: number, body: string) => ({ id, ticketId: 1, authorUserId: 2, kind: 'staff', body, movedFromTicketId: null, clientRef: `ref-${id}`, createdAt: 0, version: 1, via: 'web' });

beforeAll(() => {
  cache = openTempCache();
});
afterAll(() => cache.close());

describe('full-text index of messages', () => {
  it('indexes server rows, not pending ones, and stays consistent when a pending row goes', () => {
    const pending = pendingRowId(7);
    forceRow(cache.writer, 'message', message(pending, 'pelican checkout fix'));
    expect(indexed('pelican')).toEqual([]);
    forceRow(cache.writer, 'message', message(41, 'pelican checkout fix'));
    expect(indexed('pelican')).toEqual([41]);
    deleteRow(cache.writer, 'message', pending);
    forceRow(cache.writer, 'message', { ...message(41, 'flamingo instead'), version: 2 });
    expect(indexed('pelican')).toEqual([]);
    expect(indexed('flamingo')).toEqual([41]);
    // FTS5's own check that the index matches its content table.
    expect(() => cache.writer.db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
  });

  it('leaves a pending row out of a rebuild, so its later delete keeps the index exact', () => {
    const pending = pendingRowId(8);
    forceRow(cache.writer, 'message', message(pending, 'cormorant draft'));
    forceRow(cache.writer, 'message', message(42, 'cormorant sent'));
    rebuildFullTextIndexes(cache.writer);
    expect(indexed('cormorant')).toEqual([42]);
    deleteRow(cache.writer, 'message', pending);
    expect(() => cache.writer.db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
  });
});
