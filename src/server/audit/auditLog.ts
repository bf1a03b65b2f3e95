/**
 * The audit log's one writer. Every security-relevant act goes through `recordAudit`, inside
 * the transaction of the change it records where there is one, so an act and its record
 * commit or roll back together. Actions are dotted names (`access_info.reveal`,
 * `settings.lifecycle.update`); `details` never holds a secret (no passwords, no tokens, no
 * access-info text).
 */
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

export interface AuditEntry {
  /** Who acted; null for the system or an unauthenticated caller (a failed sign-in). */
  actorUserId: number | null;
  action: string;
  /** What kind of thing was acted on: `ticket`, `user`, `settings`, `update_feed`… */
  entity: string;
  entityId?: number | null;
  /** The customer account the act concerns (a billing decision, a ledger adjustment), for the audit filter. */
  accountId?: number | null;
  details?: Record<string, unknown>;
  at: number;
}

export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await queryBuilder(q)
    .insertInto('auditLog')
    .values({
      actorUserId: entry.actorUserId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      accountId: entry.accountId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      at: entry.at,
    })
    .execute();
}
