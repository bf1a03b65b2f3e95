/** The server's refusals when the shared permissions (shared/tickets/permissions.ts) say no. */
import { mayTakeAction, mutationPermission, refusalOf, staffSees, type StaffAction } from '../../shared/tickets/permissions';
import type { MutationArgs, MutationName } from '../../shared/sync/protocol';
import type { SessionUser } from '../auth/sessions';
import { forbidden, notYours } from '../http/errors';

export function assertStaffSees(actor: SessionUser, t: { departmentId: number | null; assigneeId: number | null }): void {
  if (!staffSees(actor, t)) throw notYours('this ticket is neither in your departments nor assigned to you');
}

export function assertMay(actor: SessionUser, action: StaffAction): void {
  if (!mayTakeAction(actor.role, action)) throw forbidden(refusalOf(actor.role, action));
}

/** A pushed mutation's command that first checks the actor's role may take the mutation's action. */
export const permitted =
  <N extends MutationName, C extends { actor: SessionUser }>(name: N, run: (ctx: C, a: MutationArgs<N>) => Promise<unknown>) =>
  (ctx: C, a: MutationArgs<N>): Promise<unknown> => {
    assertMay(ctx.actor, mutationPermission[name]);
    return run(ctx, a);
  };
