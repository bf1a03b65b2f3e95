/** A cache filled directly with generated rows (no server), for query and plan tests. */
import type { Cache } from '../../../src/main/cache/cacheDatabase';
import { forceRow } from '../../../src/main/cache/mirrorRows';
import { openTempCache } from './fixtures';

export interface SyntheticTicket {
  id: number;
  number: number;
  accountId: number;
  type: string;
  subject: string;
  priority: string;
  hotRush: boolean;
  status: string;
  departmentId: number | null;
  assigneeId: number | null;
  score: number;
  dueAt: number | null;
}

/** A small seeded PRNG (mulberry32), so a failure replays with the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const statuses = ['new', 'open', 'in_progress', 'answered', 'pre_closed', 'closed'];
const types = ['tech', 'sales', 'project', 'complaint', 'log'];
const priorities = ['major', 'normal', 'minor'];
const words = ['checkout', 'license', 'invoice', 'upgrade', 'template', 'payment', 'shipping', 'refund', 'login', 'database'];

export function syntheticCache(opts: { tickets: number; messagesPerTicket: number; seed: number; now: number }): { cache: Cache; tickets: SyntheticTicket[] } {
  const cache = openTempCache();
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const tickets: SyntheticTicket[] = [];
  const w = cache.writer;
  w.transaction(() => {
    for (let a = 1; a <= 20; a++) forceRow(w, 'account', { id: a, company: `Company ${a}`, contactEmail: `c${a}@example.com`, standingAdjustment: 0, newsletter: [], createdAt: 0, version: 1, pointsBalance: 0 });
    for (const [id, name] of [[1, 'Tech support'], [2, 'Sales'], [3, 'Billing'], [4, 'Projects']] as const) forceRow(w, 'department', { id, name, version: 1 });
    forceRow(w, 'user', { id: 7, name: 'Eric Engineer', email: 'e@example.com', role: 'staff.engineer', active: true, createdAt: 0, version: 1, departmentIds: [1, 4] });
    let messageId = 1;
    for (let i = 1; i <= opts.tickets; i++) {
      const priority = pick(priorities);
      const t: SyntheticTicket = {
        id: i,
        number: 104000 + i,
        accountId: 1 + Math.floor(rnd() * 20),
        type: rnd() < 0.05 ? 'log' : pick(types.slice(0, 4)),
        subject: `${pick(words)} ${pick(words)} problem ${i}`,
        priority,
        hotRush: rnd() < 0.08,
        status: pick(statuses),
        departmentId: rnd() < 0.1 ? null : 1 + Math.floor(rnd() * 4),
        assigneeId: rnd() < 0.2 ? 7 : rnd() < 0.3 ? 8 : null,
        // Scores repeat often, so ties fall through to due time and number.
        score: { major: 3, normal: 2, minor: 1 }[priority]! + pick([0, 0, -0.2, 0.4]),
        dueAt: rnd() < 0.2 ? null : opts.now + Math.floor((rnd() - 0.3) * 10 * 3_600_000),
      };
      tickets.push(t);
      forceRow(w, 'ticket', { ...t, authorUserId: null, productVersion: '', cost: 0, createdAt: opts.now - i * 1000, updatedAt: opts.now, version: 1, hasAccessInfo: false });
      for (let m = 0; m < opts.messagesPerTicket; m++) {
        forceRow(w, 'message', { id: messageId, ticketId: i, authorUserId: null, kind: m % 2 ? 'staff' : 'customer', body: `Message ${m} about ${pick(words)} and ${pick(words)}`, createdAt: opts.now - 100_000 + m * 1000, version: 1 });
        messageId += 1;
      }
    }
    forceRow(w, 'faq_article', { id: 1, title: 'Why can not I see the software files?', body: 'Files appear once a license is active.', createdAt: 0, updatedAt: 0, version: 1 });
  });
  w.db.exec('ANALYZE');
  return { cache, tickets };
}
