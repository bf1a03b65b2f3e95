/**
 * The support points ledger (DOMAIN.md "Accounts"): a balance is the sum of its entries and
 * is never edited in place. Every change is an entry with a reason and a link, written in the
 * transaction of the event that caused it.
 */
import type { LedgerKind } from '../../shared/domain/model';
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
  const [row] = await w.query<{ id: number }>(
    `INSERT INTO ledger_entries (account_id, kind, points, reason, ticket_id, license_id, order_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [e.accountId, e.kind, e.points, e.reason.slice(0, 300), e.ticketId ?? null, e.licenseId ?? null, e.orderId ?? null, e.createdBy, w.now],
  );
  w.changed('ledger_entry', row!.id);
  // The account's synced row carries its balance.
  w.changed('account', e.accountId);
  return row!.id;
}

export async function pointsBalance(w: Pick<ChangeWriter, 'query'>, accountId: number): Promise<number> {
  const [row] = await w.query<{ balance: number }>('SELECT coalesce(sum(points), 0)::int AS balance FROM ledger_entries WHERE account_id = $1', [accountId]);
  return row!.balance;
}
