/**
 * A ticket's hasAccessInfo in the cache (migration 014): a row cached before it is not known
 * (null) until the re-bootstrap the bumped mirror schema asks for, so a console that starts
 * offline after the upgrade still opens its tickets (offering the reveal, as before); a server
 * row brings the flag.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCache } from '../../src/main/cache/cacheDatabase';
import { mirrorSchemaVersion, migrations } from '../../src/main/cache/migrations';
import { readRow, upsertServerRow } from '../../src/main/cache/mirrorRows';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { Ticket } from '../../src/shared/console/schemas';
import { tempCachePath } from './support/fixtures';

describe('hasAccessInfo in the cache', () => {
  it('is null on a ticket cached before migration 014, whose mirror then bootstraps again; a server row sets it', () => {
    const file = tempCachePath();
    const raw = new Database(file);
    for (const m of migrations.filter((x) => x.version <= 13)) raw.exec(m.sql);
    raw.pragma('user_version = 13');
    raw.prepare(`INSERT INTO tickets (id, number, account_id, type, subject, priority, hot_rush, status, score, created_at, updated_at, version)
      VALUES (5, 1005, 1, 'tech', 'Shop down', 'normal', 0, 'new', 2, 1, 1, 1)`).run();
    raw.close();
    expect(mirrorSchemaVersion).toBe(14);
    const cache = openCache(file);
    const detail = ticketDetail(cache.reader, 5)!;
    expect(Ticket.parse(detail.ticket).hasAccessInfo).toBeNull();
    const row = readRow(cache.writer, 'ticket', 5)!;
    cache.writer.transaction(() => upsertServerRow(cache.writer, 'ticket', { ...row, productVersion: '', cost: 0, hasAccessInfo: true }));
    expect(Ticket.parse(ticketDetail(cache.reader, 5)!.ticket).hasAccessInfo).toBe(true);
    cache.close();
  });
});
