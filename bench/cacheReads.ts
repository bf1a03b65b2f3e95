/**
 * The console's reads on a bootstrapped cache, as the queue, search and open figures take
 * them; the growth section runs the same reads on a cache a tenth the size.
 */
import type { Cache } from '../src/main/cache/cacheDatabase';
import { queryQueue, type QueueKey, type QueueView } from '../src/main/tickets/queues';
import { searchCache } from '../src/main/tickets/search';
import { ticketDetail } from '../src/main/tickets/ticketDetail';
import { timeMs } from './stats';

/** The admin's id and departments in the cache. */
export function adminOf(cache: Cache): { id: number; departments: number[] } {
  const me = cache.reader.db.prepare(`SELECT id, department_ids AS d FROM users WHERE email = 'admin@example.com'`).get() as { id: number; d: string };
  return { id: me.id, departments: JSON.parse(me.d) as number[] };
}

/** Every view, first pages and keyset continuations, 40 rounds. */
export function queueSamples(cache: Cache, me: { id: number; departments: number[] }): number[] {
  const views: QueueView[] = [
    { kind: 'inbox' }, { kind: 'mine', userId: me.id }, { kind: 'hotRush' }, { kind: 'breaching', now: Date.now() }, { kind: 'preClosed' }, { kind: 'all' },
    ...me.departments.map((d) => ({ kind: 'department' as const, departmentId: d })),
  ];
  const samples: number[] = [];
  for (let round = 0; round < 40; round++) {
    for (const view of views) {
      let after: QueueKey | undefined;
      for (let page = 0; page < 3; page++) {
        let next: QueueKey | null = null;
        samples.push(timeMs(() => (next = queryQueue(cache.reader, view, { after, limit: 50 }).next)));
        if (!next) break;
        after = next;
      }
    }
  }
  return samples;
}

/** Common and rare words of the messages, half and half, 200 searches. */
export function searchSamples(cache: Cache): { samples: number[]; common: string[]; rare: string[] } {
  cache.writer.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.message_vocab USING fts5vocab(main, message_fts, row)`);
  const common = (cache.writer.db.prepare(`SELECT term FROM temp.message_vocab WHERE term GLOB '[a-z]*' ORDER BY doc DESC LIMIT 10`).all() as Array<{ term: string }>).map((r) => r.term);
  const rare = (cache.writer.db.prepare(`SELECT term FROM temp.message_vocab WHERE doc BETWEEN 1 AND 20 AND term GLOB '[a-z]*' ORDER BY term LIMIT 50`).all() as Array<{ term: string }>).map((r) => r.term);
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const term = i % 2 ? common[i % common.length]! : (rare[i % Math.max(1, rare.length)] ?? common[0]!);
    samples.push(timeMs(() => searchCache(cache.reader, term)));
  }
  return { samples, common, rare };
}

/** Opening 300 tickets spread over the cache (every n-th by id), each once. */
export function openSpreadSamples(cache: Cache): number[] {
  const ids = (cache.reader.db.prepare(`SELECT id FROM tickets WHERE merged_into_id IS NULL ORDER BY id`).all() as Array<{ id: number }>).map((r) => r.id);
  const step = Math.max(1, Math.floor(ids.length / 300));
  const samples: number[] = [];
  for (let i = 0; i < ids.length && samples.length < 300; i += step) samples.push(timeMs(() => ticketDetail(cache.reader, ids[i]!)));
  return samples;
}
