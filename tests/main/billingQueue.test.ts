/**
 * The billing queue read from the cache: open rows only (plus those a local decision changed,
 * kept in view and marked pending until synced), oldest first, and every list through an
 * index rather than a scan of all orders, requests and accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cacheDatabase';
import { forceRow } from '../../src/main/cache/mirrorRows';
import { rememberServerRow } from '../../src/main/cache/pendingEffects';
import { billingQueueSql, readBillingQueue } from '../../src/main/billing/billingQueue';
import { openTempCache } from './support/fixtures';

let cache: Cache;
const day = 86_400_000;

beforeAll(() => {
  cache = openTempCache();
  const w = cache.writer;
  forceRow(w, 'account', { id: 1, company: 'Acme', contactEmail: 'a@example.com', standingAdjustment: 0, newsletter: [], createdAt: 0, version: 1, pointsBalance: -4 });
  forceRow(w, 'account', { id: 2, company: 'Globex', contactEmail: 'g@example.com', standingAdjustment: 0, newsletter: [], createdAt: 0, version: 1, pointsBalance: 10 });
  const statuses = ['verified', 'pending', 'rejected', 'pending', 'verified', 'pending'];
  statuses.forEach((status, i) => {
    forceRow(w, 'invoice', { id: i + 1, accountId: 1 + (i % 2), description: `Invoice ${i + 1}`, amountCents: 1000, currency: 'USD', items: [], status: 'paid', issuedAt: i * day, paidAt: i * day, version: 1 });
    forceRow(w, 'order', {
      id: i + 1, accountId: 1 + (i % 2), invoiceId: i + 1, items: [{ type: 'support_points', points: 10, priceCents: 1000 }], status,
      // Created newest first by id, so "oldest first" is not just id order.
      createdAt: (10 - i) * day, decidedAt: null, decidedBy: null, rejectReason: null, version: 1,
    });
  });
  forceRow(w, 'invoice', { id: 20, accountId: 1, description: 'Hosting', amountCents: 24000, currency: 'USD', items: [], status: 'unpaid', issuedAt: 3 * day, paidAt: null, version: 1 });
  // Order 6 was verified here a moment ago; the server has not confirmed it yet.
  rememberServerRow(w, 'order', 6);
  forceRow(w, 'order', { id: 6, accountId: 1, invoiceId: 6, items: [], status: 'verified', createdAt: 5 * day, decidedAt: 11 * day, decidedBy: 3, rejectReason: null, version: 1 });
});
afterAll(() => cache.close());

describe('billing queue', () => {
  it('lists pending orders oldest first, keeps a local decision in view marked pending, and flags negative balances', () => {
    const q = readBillingQueue(cache.reader);
    expect(q.orders.map((o) => [o.id, o.status, o.pending])).toEqual([[6, 'verified', true], [4, 'pending', false], [2, 'pending', false]]);
    expect(q.orders[0]).toMatchObject({ company: 'Acme', paymentState: 'paid', amountCents: 1000, accountOrders: { verified: 3, rejected: 1 }, pointsBalance: -4 });
    expect(q.orders[1]).toMatchObject({ company: 'Globex', accountOrders: { verified: 0, rejected: 0 } });
    expect(q.unpaidInvoices.map((i) => i.id)).toEqual([20]);
    expect(q.negativeBalances).toEqual([{ accountId: 1, company: 'Acme', pointsBalance: -4 }]);
  });

  it.each(Object.entries(billingQueueSql))('%s: reads through an index, never a scan of the whole table', (name, sql) => {
    const steps = (cache.reader.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail);
    const scans = steps.filter((s) => /^SCAN (orders|license_transfers|url_change_requests|invoices|accounts)\b/.test(s) && !/USING (COVERING )?INDEX/.test(s));
    expect(scans, `${name}: ${steps.join(' | ')}`).toEqual([]);
  });
});
