/** How the admin screens name roles and a person's state. */
import type { TeamMember } from '../../shared/api/staffAdmin';
import { staffRoles, type StaffRole } from '../../shared/domain/model';
import { formatAgo } from '../shell/timeText';

export const roleNames: Record<StaffRole, string> = {
  'staff.dispatcher': 'Dispatcher',
  'staff.engineer': 'Engineer',
  'staff.billing': 'Billing manager',
  'staff.admin': 'Admin',
};
export const staffRoleOptions = staffRoles.map((r) => ({ value: r, label: roleNames[r] }));

export function personState(p: TeamMember, now: number): string {
  if (!p.active) return 'Deactivated';
  if (p.invitation) return p.invitation.expired ? 'Invitation expired' : `Invited ${formatAgo(p.invitation.sentAt, now)}`;
  return 'Active';
}
