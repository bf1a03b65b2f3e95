/**
 * The customer sidebar read from the cache: account, its users, licenses, points ledger,
 * standing (DOMAIN.md) and its tickets. Customers' sidebars are opened one at a time, so
 * plain indexed lookups per part are enough.
 */
import type { AccountPage, TicketSummary } from '../../shared/console/schemas';
import { Role, type Priority } from '../../shared/domain/model';
import { accountStanding, standingWindowMs } from '../../shared/tickets/queueOrder';
import type { CacheReader } from '../cache/cacheDatabase';
import { readRow } from '../cache/mirrorRows';
import { summaryColumns } from '../tickets/queues';

const ledgerShown = 20;
const ticketsShown = 50;

type SummaryRow = Omit<TicketSummary, 'hotRush' | 'pending'> & { hotRush: number; pending: number };

export function readAccountPage(r: CacheReader, accountId: number, now: number): AccountPage | null {
  const account = readRow(r, 'account', accountId);
  if (!account) return null;
  const primaryUserId = typeof account.primaryUserId === 'number' ? account.primaryUserId : null;
  const users = (
    r.statement('SELECT id, name, email, role, active FROM users WHERE account_id = ? ORDER BY id').all(accountId) as Array<{
      id: number;
      name: string;
      email: string;
      role: string;
      active: number;
    }>
  ).flatMap((u) => {
    const role = Role.safeParse(u.role);
    return role.success ? [{ ...u, role: role.data, active: u.active === 1, primary: u.id === primaryUserId }] : [];
  });
  const licenses = r
    .statement(
      `SELECT id, key, product, kind, edition, product_version AS productVersion, url, status, parent_license_id AS parentLicenseId
         FROM licenses WHERE account_id = ? ORDER BY parent_license_id IS NOT NULL, id`,
    )
    .all(accountId) as AccountPage['licenses'];
  const ledger = r
    .statement('SELECT id, kind, points, reason, ticket_id AS ticketId, created_at AS createdAt FROM ledger_entries WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?')
    .all(accountId, ledgerShown) as AccountPage['ledger'];
  const recent = r
    .statement(`SELECT priority FROM tickets WHERE account_id = ? AND created_at >= ? AND type <> 'log'`)
    .all(accountId, now - standingWindowMs) as Array<{ priority: Priority }>;
  const tickets = (
    r.statement(`SELECT ${summaryColumns} FROM tickets t WHERE t.account_id = ? ORDER BY t.created_at DESC LIMIT ?`).all(accountId, ticketsShown) as SummaryRow[]
  ).map((t) => ({ ...t, hotRush: t.hotRush === 1, pending: t.pending === 1 }));
  return {
    account: {
      id: accountId,
      company: String(account.company ?? ''),
      contactEmail: typeof account.contactEmail === 'string' ? account.contactEmail : null,
      primaryUserId,
      pointsBalance: typeof account.pointsBalance === 'number' ? account.pointsBalance : 0,
      newsletter: Array.isArray(account.newsletter) ? account.newsletter.map(String) : [],
      createdAt: typeof account.createdAt === 'number' ? account.createdAt : null,
    },
    standing: accountStanding(recent.map((t) => t.priority)),
    users,
    licenses,
    ledger,
    tickets,
  };
}
