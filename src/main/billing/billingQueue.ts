/**
 * The billing manager's queues and an account's billing history, read from the cache. Each
 * list is small (pending work, one account's history) and walks an index of migration 002;
 * rows carry `pending` when they show a decision the server has not confirmed yet.
 */
import type { AccountBilling, BillingInvoice, BillingOrder, BillingQueue, BillingTransfer, BillingUrlChange } from '../../shared/console/billingSchemas';
import type { CacheReader } from '../cache/cacheDatabase';

const isPending = (entity: string, alias: string) => `EXISTS (SELECT 1 FROM pending_effects p WHERE p.entity = '${entity}' AND p.entity_id = ${alias}.id)`;

const orderSql = `
  SELECT o.id, o.account_id AS accountId, coalesce(a.company, '') AS company, o.invoice_id AS invoiceId, i.description, o.items,
         i.amount_cents AS amountCents, coalesce(i.status, 'no_invoice') AS paymentState, i.paid_at AS paidAt, o.status,
         o.reject_reason AS rejectReason, o.created_at AS createdAt, o.decided_at AS decidedAt,
         (SELECT count(*) FROM orders x WHERE x.account_id = o.account_id AND x.status = 'verified') AS verified,
         (SELECT count(*) FROM orders x WHERE x.account_id = o.account_id AND x.status = 'rejected') AS rejected,
         coalesce(a.points_balance, 0) AS pointsBalance, ${isPending('order', 'o')} AS pending
    FROM orders o LEFT JOIN accounts a ON a.id = o.account_id LEFT JOIN invoices i ON i.id = o.invoice_id`;

type OrderRow = Omit<BillingOrder, 'items' | 'accountOrders' | 'pending'> & { items: string; verified: number; rejected: number; pending: number };
const toOrder = ({ verified, rejected, items, pending, ...o }: OrderRow): BillingOrder => ({
  ...o,
  items: JSON.parse(items) as BillingOrder['items'],
  accountOrders: { verified, rejected },
  pending: pending === 1,
});

const transferSql = `
  SELECT t.id, t.license_id AS licenseId, coalesce(l.key, '') AS licenseKey, coalesce(l.product, '') AS product, coalesce(l.kind, '') AS kind,
         t.from_account_id AS fromAccountId, coalesce(fa.company, '') AS fromCompany, t.to_account_id AS toAccountId, ta.company AS toCompany,
         t.target_company AS targetCompany, t.target_email AS targetEmail, t.target_url AS targetUrl, t.target_license_key AS targetLicenseKey,
         t.points, coalesce(fa.points_balance, 0) AS fromBalance, t.status, t.reason, t.created_at AS createdAt, ${isPending('license_transfer', 't')} AS pending
    FROM license_transfers t LEFT JOIN licenses l ON l.id = t.license_id
    LEFT JOIN accounts fa ON fa.id = t.from_account_id LEFT JOIN accounts ta ON ta.id = t.to_account_id`;

const urlChangeSql = `
  SELECT u.id, u.license_id AS licenseId, coalesce(l.key, '') AS licenseKey, coalesce(l.product, '') AS product, u.account_id AS accountId,
         coalesce(a.company, '') AS company, u.old_url AS oldUrl, u.new_url AS newUrl, u.status, u.reason, u.created_at AS createdAt,
         ${isPending('url_change_request', 'u')} AS pending
    FROM url_change_requests u LEFT JOIN licenses l ON l.id = u.license_id LEFT JOIN accounts a ON a.id = u.account_id`;

const invoiceSql = `
  SELECT i.id, i.account_id AS accountId, coalesce(a.company, '') AS company, i.description, i.amount_cents AS amountCents, i.currency, i.status,
         i.issued_at AS issuedAt, i.paid_at AS paidAt, ${isPending('invoice', 'i')} AS pending
    FROM invoices i LEFT JOIN accounts a ON a.id = i.account_id`;

const withPending = <T extends { pending: unknown }>(rows: unknown[]): T[] => (rows as T[]).map((r) => ({ ...r, pending: r.pending === 1 }));

/**
 * The open rows of a billing list: those in the open status (through the status index) plus
 * those a local decision has changed but the server not confirmed yet, so a decision stays in
 * view, marked pending, until it is synced. A union of two indexed lookups, not an OR that
 * would scan the whole table.
 */
const stillOpen = (table: string, entity: string, open: string) =>
  `IN (SELECT id FROM ${table} WHERE status = '${open}' UNION SELECT entity_id FROM pending_effects WHERE entity = '${entity}')`;

/** The billing queue's statements, exported for the query-plan test. */
export const billingQueueSql = {
  orders: `${orderSql} WHERE o.id ${stillOpen('orders', 'order', 'pending')} ORDER BY o.created_at, o.id`,
  transfers: `${transferSql} WHERE t.id ${stillOpen('license_transfers', 'license_transfer', 'pending')} ORDER BY t.created_at, t.id`,
  urlChanges: `${urlChangeSql} WHERE u.id ${stillOpen('url_change_requests', 'url_change_request', 'pending')} ORDER BY u.created_at, u.id`,
  unpaidInvoices: `${invoiceSql} WHERE i.id ${stillOpen('invoices', 'invoice', 'unpaid')} ORDER BY i.issued_at, i.id`,
  negativeBalances: 'SELECT id AS accountId, company, points_balance AS pointsBalance FROM accounts WHERE points_balance < 0 ORDER BY points_balance, id',
};

export function readBillingQueue(r: CacheReader): BillingQueue {
  return {
    orders: (r.statement(billingQueueSql.orders).all() as OrderRow[]).map(toOrder),
    transfers: withPending<BillingTransfer>(r.statement(billingQueueSql.transfers).all()),
    urlChanges: withPending<BillingUrlChange>(r.statement(billingQueueSql.urlChanges).all()),
    unpaidInvoices: withPending<BillingInvoice>(r.statement(billingQueueSql.unpaidInvoices).all()),
    negativeBalances: r.statement(billingQueueSql.negativeBalances).all() as BillingQueue['negativeBalances'],
  };
}

export function readAccountBilling(r: CacheReader, accountId: number): AccountBilling {
  const certificates: Record<string, string> = {};
  for (const l of r.statement(`SELECT id, certificate FROM licenses WHERE account_id = ? AND certificate <> ''`).all(accountId) as Array<{ id: number; certificate: string }>) {
    certificates[String(l.id)] = l.certificate;
  }
  return {
    orders: (r.statement(`${orderSql} WHERE o.account_id = ? ORDER BY o.created_at DESC, o.id DESC`).all(accountId) as OrderRow[]).map(toOrder),
    invoices: withPending<BillingInvoice>(r.statement(`${invoiceSql} WHERE i.account_id = ? ORDER BY i.issued_at DESC, i.id DESC`).all(accountId)),
    transfers: withPending<BillingTransfer>(
      r.statement(`${transferSql} WHERE t.from_account_id = ? OR t.to_account_id = ? ORDER BY t.created_at DESC, t.id DESC`).all(accountId, accountId),
    ),
    urlChanges: withPending<BillingUrlChange>(r.statement(`${urlChangeSql} WHERE u.account_id = ? ORDER BY u.created_at DESC, u.id DESC`).all(accountId)),
    certificates,
    licenseHistory: (
      r
        .statement(
          `SELECT e.id, e.license_id AS licenseId, e.event, e.details, e.at FROM license_events e
            WHERE e.license_id IN (SELECT id FROM licenses WHERE account_id = ?) ORDER BY e.at, e.id`,
        )
        .all(accountId) as Array<{ id: number; licenseId: number; event: string; details: string | null; at: number }>
    ).map((e) => ({ ...e, details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : {} })),
  };
}
