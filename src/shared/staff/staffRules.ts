/**
 * Staff administration's rules (issue 18), once for the server and the console: the
 * arguments of the staff and department mutations, who may make them, and what is refused.
 * Departments are named by id everywhere; a name is only shown.
 */
import { assertNever } from '../assertNever';
import { z } from 'zod';
import { staffRoles, type Role } from '../domain/model';

const userId = z.number().int().positive();
const departmentId = z.number().int().positive();
const personName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const departmentName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const departmentIds = z
  .array(departmentId)
  .max(50, 'must list at most 50 departments')
  .refine((ids) => new Set(ids).size === ids.length, 'must not list a department twice');
export const StaffRole = z.enum(staffRoles);

/** The staff and department mutations' arguments (pushed through /api/sync/push, admins only). */
export const staffMutationArgs = {
  'staff.invite': z.strictObject({
    email: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').email('must be an email address'),
    name: personName,
    role: StaffRole,
    departmentIds,
  }),
  'staff.resendInvitation': z.strictObject({ userId }),
  'staff.cancelInvitation': z.strictObject({ userId }),
  'staff.update': z
    .strictObject({ userId, name: personName.optional(), role: StaffRole.optional(), departmentIds: departmentIds.optional() })
    .refine((a) => a.name !== undefined || a.role !== undefined || a.departmentIds !== undefined, { message: 'must change at least one of name, role, departmentIds', path: ['name'] }),
  'staff.deactivate': z.strictObject({ userId }),
  'staff.reactivate': z.strictObject({ userId }),
  'staff.resetTwoFactor': z.strictObject({ userId }),
  'department.create': z.strictObject({ name: departmentName }),
  'department.rename': z.strictObject({ departmentId, name: departmentName }),
  'department.archive': z.strictObject({ departmentId }),
} as const;

/** What an admin-only console action needs: only staff.admin may run the team, read the audit log, keep the catalogue and the forum's categories, and send newsletters. */
export const adminActions = ['manage_staff', 'manage_departments', 'read_audit', 'manage_catalogue', 'manage_newsletters', 'manage_forum'] as const;
export type AdminAction = (typeof adminActions)[number];
export const mayAdminister = (role: Role): boolean => role === 'staff.admin';

export interface Refusal {
  ok: false;
  code: string;
  reason: string;
  /** The argument it is about, as `departmentIds`. */
  field: string;
}
export type Decision = { ok: true } | Refusal;
const ok: Decision = { ok: true };
const refuse = (code: string, field: string, reason: string): Refusal => ({ ok: false, code, reason, field });

/** The person an admin acts on, as the rules need it. */
export interface StaffTarget {
  id: number;
  role: Role;
  active: boolean;
  /** Invited, no password set yet. */
  pending: boolean;
}

/**
 * Whether admin `actorId` may change `target` so: only staff are managed here (customers
 * belong to their accounts); an admin never deactivates or demotes themself (another admin
 * must), so the team is never left without an admin: whoever acts is one. An admin resets
 * another person's two-factor (a lost phone), never their own.
 */
export function decideStaffChange(
  actorId: number,
  target: StaffTarget,
  change: { kind: 'update'; role?: Role } | { kind: 'deactivate' } | { kind: 'reactivate' } | { kind: 'resend' } | { kind: 'cancel' } | { kind: 'resetTwoFactor'; enabled: boolean },
): Decision {
  if (!target.role.startsWith('staff.')) return refuse('not_staff', 'userId', `user ${target.id} is a customer; customers are managed on their account`);
  const self = target.id === actorId;
  switch (change.kind) {
    case 'update':
      if (self && change.role !== undefined && change.role !== target.role) return refuse('own_role', 'role', 'you cannot change your own role; another admin must');
      return ok;
    case 'deactivate':
      if (self) return refuse('own_account', 'userId', 'you cannot deactivate yourself; another admin must');
      if (!target.active) return refuse('already_inactive', 'userId', `user ${target.id} is deactivated already`);
      return ok;
    case 'reactivate':
      return target.active ? refuse('already_active', 'userId', `user ${target.id} is active already`) : ok;
    case 'resetTwoFactor':
      if (self) return refuse('own_account', 'userId', 'you cannot reset your own two-factor; turn it off on your Security screen, or ask another admin');
      if (!change.enabled) return refuse('two_factor_off', 'userId', `user ${target.id} has no two-factor to reset`);
      return ok;
    case 'resend':
    case 'cancel':
      if (!target.pending) return refuse('not_invited', 'userId', `user ${target.id} has no pending invitation: the password is set already`);
      if (!target.active) return refuse('already_inactive', 'userId', `user ${target.id} is deactivated; reactivate them first`);
      return ok;
    default:
      assertNever(change, 'staff change');
  }
}

/** An archived department takes no new tickets and no new people. */
export function departmentTakesWork(d: { id: number; archivedAt: number | null } | undefined, field: string): Decision {
  if (!d) return refuse('unknown_department', field, 'this department does not exist');
  if (d.archivedAt !== null) return refuse('department_archived', field, `department ${d.id} is archived and takes no new tickets or people`);
  return ok;
}

/** A department is archived only once its open tickets have been moved elsewhere. */
export function decideArchive(d: { id: number; archivedAt: number | null }, openTickets: number): Decision {
  if (d.archivedAt !== null) return refuse('already_archived', 'departmentId', `department ${d.id} is archived already`);
  if (openTickets > 0) {
    const n = openTickets === 1 ? '1 open ticket' : `${openTickets} open tickets`;
    return refuse('department_has_open_tickets', 'departmentId', `department ${d.id} still has ${n}; forward ${openTickets === 1 ? 'it' : 'them'} to another department first`);
  }
  return ok;
}
