/**
 * The admin's reads of the team and the audit log (GET /api/admin/staff, /api/admin/audit and
 * its CSV): shared by the server's routes and the console's Team, Departments and Audit screens.
 * Changes go through /api/sync/push (src/shared/staff/staffRules.ts).
 */
import { z } from 'zod';
import { Role } from '../domain/model';

export const TeamMember = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  departmentIds: z.array(z.number().int()),
  lastSignInAt: z.number().int().nullable(),
  /** Whether the person has a confirmed two-factor enrolment (TOTP). */
  twoFactor: z.boolean(),
  /** Invited and no password set yet: when the newest invitation link stops working. */
  invitation: z.object({ sentAt: z.number().int(), expiresAt: z.number().int(), expired: z.boolean() }).nullable(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const DepartmentInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  archivedAt: z.number().int().nullable(),
  openTickets: z.number().int(),
  people: z.number().int(),
});
export type DepartmentInfo = z.infer<typeof DepartmentInfo>;

export const TeamResponse = z.object({ people: z.array(TeamMember), departments: z.array(DepartmentInfo) });
export type TeamResponse = z.infer<typeof TeamResponse>;

const optionalId = z.coerce.number().int().positive().optional();
const optionalTime = z.coerce.number().int().min(0).max(8_640_000_000_000_000).optional();

/** Filters of the audit log; every one optional, combined with AND. */
export const AuditQuery = z
  .strictObject({
    actorUserId: optionalId,
    /** An exact action (`staff.deactivate`) or a family ending in a dot (`staff.`). */
    action: z.string().trim().max(100, 'must be at most 100 characters').regex(/^[a-z_.]*$/, 'only lower-case letters, _ and .').optional(),
    accountId: optionalId,
    from: optionalTime,
    to: optionalTime,
    /** Older than this entry id (paging, newest first). */
    before: optionalId,
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditEntryRow = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().int().nullable(),
  accountId: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryRow = z.infer<typeof AuditEntryRow>;
export const AuditPage = z.object({ entries: z.array(AuditEntryRow), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** The CSV export's columns, in order. */
export const auditCsvColumns = ['id', 'time', 'actor_id', 'actor', 'action', 'entity', 'entity_id', 'account_id', 'details'] as const;

/** One CSV field (RFC 4180), and one that a spreadsheet would run as a formula is quoted as text. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== String(value) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsvLine(e: AuditEntryRow): string {
  return [e.id, new Date(e.at).toISOString(), e.actorUserId, e.actorName, e.action, e.entity, e.entityId, e.accountId, JSON.stringify(e.details)].map(csvField).join(',');
}
