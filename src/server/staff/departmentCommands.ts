/**
 * The department mutations (staff.admin only): create, rename, archive. Code everywhere names
 * a department by its id, so a rename changes only what people read. An archived department
 * takes no new tickets (classify, forward, a customer's new ticket) and no new people, and is
 * archived only once its open tickets have moved (the refusal says how many).
 */
import type { MutationArgs } from '../../shared/sync/protocol';
import { decideArchive } from '../../shared/staff/staffRules';
import { recordAudit } from '../audit/auditLog';
import { queryBuilder } from '../db/queryBuilder';
import { isUniqueViolation } from '../db/pgErrors';
import { ApiError, conflict } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { assertMay } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';
import { assertDecision } from './staffCommands';

async function lockDepartment(w: ChangeWriter, id: number) {
  const d = await queryBuilder(w).selectFrom('departments').select(['id', 'name', 'archivedAt']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!d) throw new ApiError(404, 'not_found', `args.departmentId: department ${id} not found`, 'args.departmentId');
  return d;
}

/** A name another department has is refused before the unique index would fail the write. */
async function assertNameFree(w: ChangeWriter, name: string, except: number | null): Promise<void> {
  const other = await queryBuilder(w)
    .selectFrom('departments')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .$if(except !== null, (qb) => qb.where('id', '<>', except!))
    .executeTakeFirst();
  if (other) throw conflict('department_name_taken', `args.name: department ${other.id} is called "${name}" already`, 'args.name');
}

const audit = (ctx: CommandContext, action: string, id: number, details: Record<string, unknown>) =>
  recordAudit(ctx.w, { actorUserId: ctx.actor.id, action, entity: 'department', entityId: id, details, at: ctx.w.now });

export const departmentCommands = {
  async create(ctx: CommandContext, a: MutationArgs<'department.create'>) {
    assertMay(ctx.actor, 'manage_departments');
    await assertNameFree(ctx.w, a.name, null);
    const row = await queryBuilder(ctx.w)
      .insertInto('departments')
      .values({ name: a.name })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        // Two admins creating the same name at once: the index decides, the loser is told.
        if (isUniqueViolation(err)) throw conflict('department_name_taken', `args.name: a department is called "${a.name}" already`, 'args.name');
        throw err;
      });
    ctx.w.changed('department', row.id);
    await audit(ctx, 'department.create', row.id, { name: a.name });
    return { departmentId: row.id };
  },

  async rename(ctx: CommandContext, a: MutationArgs<'department.rename'>) {
    assertMay(ctx.actor, 'manage_departments');
    const d = await lockDepartment(ctx.w, a.departmentId);
    if (d.name === a.name) return;
    await assertNameFree(ctx.w, a.name, d.id);
    await queryBuilder(ctx.w).updateTable('departments').set((eb) => ({ name: a.name, version: eb('version', '+', 1) })).where('id', '=', d.id).execute();
    ctx.w.changed('department', d.id);
    await audit(ctx, 'department.rename', d.id, { before: d.name, after: a.name });
  },

  async archive(ctx: CommandContext, a: MutationArgs<'department.archive'>) {
    assertMay(ctx.actor, 'manage_departments');
    const d = await lockDepartment(ctx.w, a.departmentId);
    const q = queryBuilder(ctx.w);
    // Tickets moving in take the department's row lock first (assertDepartment locks it FOR SHARE), so this count stays true until commit.
    const { n } = await q
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('departmentId', '=', d.id)
      .where('status', '<>', 'closed')
      .executeTakeFirstOrThrow();
    assertDecision(decideArchive(d, Number(n)));
    await q.updateTable('departments').set((eb) => ({ archivedAt: ctx.w.now, version: eb('version', '+', 1) })).where('id', '=', d.id).execute();
    ctx.w.changed('department', d.id);
    await audit(ctx, 'department.archive', d.id, { name: d.name });
  },
};
