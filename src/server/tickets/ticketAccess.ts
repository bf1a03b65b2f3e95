/** The server's refusals when the shared permissions (shared/tickets/permissions.ts) say no. */
import { mayTakeAction, mutationPermission, refusalOf, seesEveryAccountsPrivateData, staffSees, staffSight, type StaffAction } from '../../shared/tickets/permissions';
import type { MutationArgs, MutationName } from '../../shared/sync/protocol';
import type { SessionUser } from '../auth/sessions';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { forbidden, notYours } from '../http/errors';

export function assertStaffSees(actor: SessionUser, t: { departmentId: number | null; assigneeId: number | null }): void {
  if (!staffSees(actor, t)) throw notYours('this ticket is neither in your departments nor assigned to you');
}

export function assertMay(actor: SessionUser, action: StaffAction): void {
  if (!mayTakeAction(actor.role, action)) throw forbidden(refusalOf(actor.role, action));
}

/** Whether the user may read the account's ledger, certificates and My files (seesEveryAccountsPrivateData, or staffSees a ticket of it). */
export async function staffReadsAccountPrivateData(db: Queryable, actor: SessionUser, accountId: number): Promise<boolean> {
  if (seesEveryAccountsPrivateData(actor.role)) return true;
  const sight = staffSight(actor);
  const ticket = await queryBuilder(db)
    .selectFrom('tickets')
    .select('id')
    .where('accountId', '=', accountId)
    // staffSees in SQL, from the same staffSight: a ticket whose field holds one of the sight's values.
    .$if(sight !== null, (qb) =>
      qb.where((eb) => eb.or(sight!.filter((s) => s.values.length > 0).map((s) => eb(s.field, 'in', s.values)))),
    )
    .limit(1)
    .executeTakeFirst();
  return ticket !== undefined;
}
/** A pushed mutation's command that first checks the actor's role may take the mutation's action. */
export const permitted =
  <N extends MutationName, C extends { actor: SessionUser }>(name: N, run: (ctx: C, a: MutationArgs<N>) => Promise<unknown>) =>
  (ctx: C, a: MutationArgs<N>): Promise<unknown> => {
    assertMay(ctx.actor, mutationPermission[name]);
    return run(ctx, a);
  };
