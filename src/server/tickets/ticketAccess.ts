/** The server's refusals when the shared permissions (shared/tickets/permissions.ts) say no. */
import { mayTakeAction, refusalOf, staffSees, type StaffAction } from '../../shared/tickets/permissions';
import type { SessionUser } from '../auth/sessions';
import { forbidden, notYours } from '../http/errors';

export function assertStaffSees(actor: SessionUser, t: { departmentId: number | null; assigneeId: number | null }): void {
  if (!staffSees(actor, t)) throw notYours('this ticket is neither in your departments nor assigned to you');
}

export function assertMay(actor: SessionUser, action: StaffAction): void {
  if (!mayTakeAction(actor.role, action)) throw forbidden(refusalOf(actor.role, action));
}
