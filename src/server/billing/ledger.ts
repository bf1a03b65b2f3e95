/**
 * The support points ledger (DOMAIN.md "Accounts"): a balance is the sum of its entries and
 * is never edited in place. Every change is an entry with a reason and a link, written in the
 * transaction of the event that caused it.
 */
import type { LedgerKind } from '../../shared/domain/model';
import { queryBuilder, sql } from '../db/queryBuilder';
import type { ChangeWriter } from '../sync/changeLog';

export interface LedgerEntry {
  accountId: number;
  kind: LedgerKind;
  /** Positive credits the account, negative debits it. */
  points: number;
  reason: string;
  ticketId?: number | null;
  licenseId?: number | null;
  orderId?: number | null;
  createdBy: number | null;
}

export async function addLedgerEntry(w: ChangeWriter, e: LedgerEntry): Promise<number> {
  const row = await queryBuilder(w.tx)
    .insertInto('ledgerEntries')
    .values({
      accountId: e.accountId, kind: e.kind, points: e.points, reason: e.reason.slice(0, 300),
      ticketId: e.ticketId ?? null, licenseId: e.licenseId ?? null, orderId: e.orderId ?? null, createdBy: e.createdBy, createdAt: w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('ledger_entry', row.id);
  // The account's synced row carries its balance.
  w.changed('account', e.accountId);
  return row.id;
}

export async function pointsBalance(w: Pick<ChangeWriter, 'tx'>, accountId: number): Promise<number> {
  const row = await queryBuilder(w.tx)
    .selectFrom('ledgerEntries')
    .select(sql<number>`coalesce(sum(points), 0)::int`.as('balance'))
    .where('accountId', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.balance;
}
