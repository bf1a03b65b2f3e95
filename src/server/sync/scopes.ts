/**
 * Scopes (SYNC.md): which rows a change goes to, and which a user's console receives. A
 * ticket's rows are defined once here, as data: the TypeScript of `ticketScopes` and the SQL
 * of entities.ts are both built from `ticketScopeParts`.
 */
import { assertNever } from '../../shared/assertNever';
import { createHash } from 'node:crypto';
import type { SessionUser } from '../auth/sessions';
import type { TicketsTable } from '../db/tables';

/** A user's own scope and a department's are these prefixes and the id. */
const userPrefix = 'user:';
const departmentPrefix = 'dept:';
export const userScope = (userId: number): string => `${userPrefix}${userId}`;
export const departmentScope = (departmentId: number): string => `${departmentPrefix}${departmentId}`;

/**
 * The scopes a ticket (and its messages and attachments) carries: every ticket is in
 * `tickets`, and in its department's and its assignee's scope when it has them.
 */
export const ticketScopeParts = [
  { scope: 'tickets' },
  { prefix: departmentPrefix, field: 'departmentId' },
  { prefix: userPrefix, field: 'assigneeId' },
] as const satisfies ReadonlyArray<{ scope: string } | { prefix: string; field: keyof TicketsTable }>;

type ScopedTicket = { [P in (typeof ticketScopeParts)[number] as P extends { field: infer F extends string } ? F : never]: number | null };

export function ticketScopes(t: ScopedTicket): string[] {
  return ticketScopeParts.flatMap((p) => {
    if ('scope' in p) return [p.scope];
    const value = t[p.field];
    return value ? [`${p.prefix}${value}`] : [];
  });
}

export function scopesOf(user: Pick<SessionUser, 'id' | 'role' | 'departmentIds'>): string[] {
  const own = [userScope(user.id), ...user.departmentIds.map(departmentScope)];
  switch (user.role) {
    case 'staff.admin':
      return ['tickets', 'directory', 'billing', 'files', 'faq', ...own];
    case 'staff.dispatcher':
      return ['tickets', 'directory', 'files', 'faq', ...own];
    case 'staff.engineer':
      return ['directory', 'files', 'faq', ...own];
    case 'staff.billing':
      return ['billing', 'directory', 'files', 'faq', ...own];
    case 'customer.primary':
    case 'customer.secondary':
      // Customers use the REST API; the change log carries staff data only.
      return [];
    default:
      assertNever(user.role, 'role');
  }
}

/**
 * The sync epoch a user's cursors carry: the database's epoch and a digest of the user's
 * scopes. A role or department change moves the scopes, so the console's cursor is then of
 * an unknown epoch: its next pull gets 409 and bootstraps again (keeping its outbox), which
 * brings in what it gained and drops what it lost, with no state kept on the server.
 */
export function scopedEpoch(epoch: string, scopes: readonly string[]): string {
  const digest = createHash('sha256').update([...scopes].sort().join('\n')).digest('base64url').slice(0, 10);
  return `${epoch}-${digest}`;
}
