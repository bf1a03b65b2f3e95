/** Writes the invoices, orders and the points ledger. */
import type { Queryable } from '../../db/database';
import { BulkInsert } from '../bulkInsert';
import type { SeedState } from '../seedState';

export async function writeBilling(state: SeedState, tx: Queryable): Promise<void> {
  const inv = new BulkInsert(tx, 'invoices', [['id', 'bigint'], ['account_id', 'bigint'], ['description', 'text'], ['amount_cents', 'bigint'], ['items', 'jsonb'], ['status', 'text'], ['provider_ref', 'text'], ['issued_at', 'bigint'], ['paid_at', 'bigint']]);
  for (const i of state.invoices) await inv.add(i.id, i.accountId, i.description, i.amountCents, JSON.stringify(i.items), i.status, i.providerRef, i.issuedAt, i.paidAt);
  await inv.flush();
  const ord = new BulkInsert(tx, 'orders', [['id', 'bigint'], ['account_id', 'bigint'], ['invoice_id', 'bigint'], ['items', 'jsonb'], ['status', 'text'], ['reject_reason', 'text'], ['created_at', 'bigint'], ['decided_at', 'bigint'], ['decided_by', 'bigint']]);
  for (const o of state.orders) await ord.add(o.id, o.accountId, o.invoiceId, JSON.stringify(o.items), o.status, o.rejectReason, o.createdAt, o.decidedAt, o.decidedBy);
  await ord.flush();
}

export async function writeLedger(state: SeedState, tx: Queryable): Promise<void> {
  const ins = new BulkInsert(tx, 'ledger_entries', [
    ['account_id', 'bigint'], ['kind', 'text'], ['points', 'integer'], ['reason', 'text'], ['ticket_id', 'bigint'], ['license_id', 'bigint'], ['order_id', 'bigint'],
    ['created_by', 'bigint'], ['created_at', 'bigint'],
  ]);
  const sorted = state.ledger.map((e, i) => [e, i] as const).sort(([x, i], [y, j]) => x.createdAt - y.createdAt || i - j);
  for (const [e] of sorted) await ins.add(e.accountId, e.kind, e.points, e.reason, e.ticketId, e.licenseId, e.orderId, e.createdBy, e.createdAt);
  await ins.flush();
}
