/**
 * The team's pushed mutations (staff.admin only, checked here on the server): invite a person
 * (a user without a password, and an emailed single-use link to set one), resend or cancel the
 * invitation, change name, role and departments, deactivate and reactivate. Every one is
 * audited in its own transaction. Deactivation ends the user's sessions, so its requests get
 * 401 and its live streams end at the commit's poke (staffEvents.ts); a role or department
 * change moves the user's scopes, which sends its console back to a bootstrap (syncEpoch.ts).
 * Resetting a person's two-factor (a lost phone) turns it off and ends their sessions; where
 * the admin setting requires it, their next sign-in sets it up again (authRoutes.ts).
 */
import { endSessions, notifySessionsEnded } from '../auth/sessions';
import { disableTwoFactor, twoFactorEnabled } from '../auth/twoFactor';
import type { MutationArgs } from '../../shared/sync/protocol';
import { decideStaffChange, departmentTakesWork, type Decision, type StaffTarget } from '../../shared/staff/staffRules';
import { recordAudit } from '../audit/auditLog';
import { issueLink } from '../auth/userLinks';
import { emailIsAnyCase } from '../auth/userEmail';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError, conflict } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { assertMay } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';

/** The password hash of an invited user: no password matches it (verifyPassword refuses it). */
export const noPasswordYet = '';

/** A refusal of the shared rules as the API's error, naming `args.<field>`. */
export function assertDecision(d: Decision, status = 409): void {
  if (!d.ok) throw new ApiError(status, d.code, `args.${d.field}: ${d.reason}`, `args.${d.field}`);
}

async function lockTarget(w: ChangeWriter, userId: number): Promise<StaffTarget & { name: string; departmentIds: number[] }> {
  const u = await queryBuilder(w)
    .selectFrom('users')
    .select((eb) => [
      'id', 'role', 'active', 'name', 'passwordHash',
      eb.fn.coalesce(
        eb.fn('array', [eb.selectFrom('staffDepartments').select('departmentId').whereRef('staffDepartments.userId', '=', 'users.id').orderBy('departmentId')]),
        eb.val<number[]>([]),
      ).$castTo<number[]>().as('departmentIds'),
    ])
    .where('id', '=', userId)
    .forUpdate()
    .$narrowType<{ role: StaffTarget['role'] }>()
    .executeTakeFirst();
  if (!u) throw new ApiError(404, 'not_found', `args.userId: user ${userId} not found`, 'args.userId');
  return { id: u.id, role: u.role, active: u.active, name: u.name, pending: u.passwordHash === noPasswordYet, departmentIds: u.departmentIds.map(Number) };
}

/** Every listed department exists and takes people (not archived). */
async function assertDepartments(w: ChangeWriter, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  const rows = await queryBuilder(w).selectFrom('departments').select(['id', 'archivedAt']).where('id', '=', (eb) => eb.fn.any(eb.val([...ids]))).execute();
  for (const [i, id] of ids.entries()) assertDecision(departmentTakesWork(rows.find((r) => r.id === id), `departmentIds.${i}`), 400);
}

async function setDepartments(w: ChangeWriter, userId: number, ids: readonly number[]): Promise<void> {
  const q = queryBuilder(w);
  await q.deleteFrom('staffDepartments').where('userId', '=', userId).execute();
  if (ids.length) await q.insertInto('staffDepartments').values(ids.map((departmentId) => ({ userId, departmentId }))).execute();
}

const bumpUser = (w: ChangeWriter, userId: number, set: { name?: string; role?: string; active?: boolean } = {}) =>
  queryBuilder(w).updateTable('users').set((eb) => ({ ...set, version: eb('version', '+', 1) })).where('id', '=', userId).execute();

const audit = (ctx: CommandContext, action: string, userId: number, details: Record<string, unknown>) =>
  recordAudit(ctx.w, { actorUserId: ctx.actor.id, action, entity: 'user', entityId: userId, details, at: ctx.w.now });

/**
 * A deactivated user's sessions are kept but dead (userForToken wants an active user): their
 * requests get 401 `account_deactivated` and their streams end at the commit's poke saying
 * why. Reactivation deletes them, so none of them ever works again.
 */
async function liveSessions(w: ChangeWriter, userId: number): Promise<number> {
  const { n } = await queryBuilder(w).selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId).where('expiresAt', '>', w.now).executeTakeFirstOrThrow();
  return Number(n);
}

export const staffCommands = {
  async invite(ctx: CommandContext, a: MutationArgs<'staff.invite'>) {
    assertMay(ctx.actor, 'manage_staff');
    const q = queryBuilder(ctx.w);
    const taken = await q.selectFrom('users').select('id').where((eb) => emailIsAnyCase(eb, a.email)).executeTakeFirst();
    if (taken) throw conflict('email_taken', `args.email: ${a.email} already signs in as user ${taken.id}`, 'args.email');
    await assertDepartments(ctx.w, a.departmentIds);
    const { id } = await q
      .insertInto('users')
      .values({ email: a.email, name: a.name, role: a.role, passwordHash: noPasswordYet, createdAt: ctx.w.now, invitedAt: ctx.w.now, invitedBy: ctx.actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setDepartments(ctx.w, id, a.departmentIds);
    ctx.w.changed('user', id);
    const link = await issueLink(ctx.w, ctx.publicUrl, { userId: id, purpose: 'first_password' });
    await audit(ctx, 'staff.invite', id, { email: a.email, role: a.role, departmentIds: a.departmentIds });
    return { userId: id, expiresAt: link.expiresAt };
  },

  async resendInvitation(ctx: CommandContext, a: MutationArgs<'staff.resendInvitation'>) {
    assertMay(ctx.actor, 'manage_staff');
    const t = await lockTarget(ctx.w, a.userId);
    assertDecision(decideStaffChange(ctx.actor.id, t, { kind: 'resend' }));
    // issueLink ends the earlier links: only the newest email opens.
    const link = await issueLink(ctx.w, ctx.publicUrl, { userId: t.id, purpose: 'first_password' });
    // A version bump, so the admins' Team screens read the new sending time.
    await queryBuilder(ctx.w).updateTable('users').set((eb) => ({ invitedAt: ctx.w.now, version: eb('version', '+', 1) })).where('id', '=', t.id).execute();
    ctx.w.changed('user', t.id);
    await audit(ctx, 'staff.invitation.resend', t.id, {});
    return { expiresAt: link.expiresAt };
  },

  /** The invited user goes: nobody ever signed in as them, so nothing else names them. */
  async cancelInvitation(ctx: CommandContext, a: MutationArgs<'staff.cancelInvitation'>) {
    assertMay(ctx.actor, 'manage_staff');
    const t = await lockTarget(ctx.w, a.userId);
    assertDecision(decideStaffChange(ctx.actor.id, t, { kind: 'cancel' }));
    const q = queryBuilder(ctx.w);
    const used = await q.selectFrom('syncClients').select('clientId').where('userId', '=', t.id).executeTakeFirst();
    if (used) throw conflict('not_invited', 'args.userId: this person has signed in already; deactivate them instead', 'args.userId');
    // The change log reads the row when it flushes: log the delete while the row still exists.
    ctx.w.changedWhere('user', { id: t.id }, { op: 'delete' });
    await ctx.w.flush();
    await q.deleteFrom('userLinks').where('userId', '=', t.id).execute();
    await q.deleteFrom('staffDepartments').where('userId', '=', t.id).execute();
    await q.deleteFrom('sessions').where('userId', '=', t.id).execute();
    await q.deleteFrom('users').where('id', '=', t.id).execute();
    await audit(ctx, 'staff.invitation.cancel', t.id, { name: t.name });
  },

  async update(ctx: CommandContext, a: MutationArgs<'staff.update'>) {
    assertMay(ctx.actor, 'manage_staff');
    const t = await lockTarget(ctx.w, a.userId);
    assertDecision(decideStaffChange(ctx.actor.id, t, { kind: 'update', role: a.role }));
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (a.name !== undefined && a.name !== t.name) {
      before.name = t.name;
      after.name = a.name;
    }
    if (a.role !== undefined && a.role !== t.role) {
      before.role = t.role;
      after.role = a.role;
    }
    if (a.departmentIds !== undefined) {
      const next = [...a.departmentIds].sort((x, y) => x - y);
      if (next.join() !== t.departmentIds.join()) {
        // Only departments added must take people; leaving an archived one is always fine.
        await assertDepartments(ctx.w, a.departmentIds.filter((d) => !t.departmentIds.includes(d)));
        await setDepartments(ctx.w, t.id, next);
        before.departmentIds = t.departmentIds;
        after.departmentIds = next;
      }
    }
    if (!Object.keys(after).length) return;
    await bumpUser(ctx.w, t.id, { name: a.name, role: a.role });
    ctx.w.changed('user', t.id);
    await audit(ctx, 'staff.update', t.id, { before, after });
  },

  async deactivate(ctx: CommandContext, a: MutationArgs<'staff.deactivate'>) {
    assertMay(ctx.actor, 'manage_staff');
    const t = await lockTarget(ctx.w, a.userId);
    assertDecision(decideStaffChange(ctx.actor.id, t, { kind: 'deactivate' }));
    await bumpUser(ctx.w, t.id, { active: false });
    const sessions = await liveSessions(ctx.w, t.id);
    // Its open streams, on every server process, check their session at the commit.
    await notifySessionsEnded(ctx.w, t.id);
    ctx.w.changed('user', t.id);
    await audit(ctx, 'staff.deactivate', t.id, { sessionsEnded: sessions });
  },

  async reactivate(ctx: CommandContext, a: MutationArgs<'staff.reactivate'>) {
    assertMay(ctx.actor, 'manage_staff');
    const t = await lockTarget(ctx.w, a.userId);
    assertDecision(decideStaffChange(ctx.actor.id, t, { kind: 'reactivate' }));
    await queryBuilder(ctx.w).deleteFrom('sessions').where('userId', '=', t.id).execute();
    await bumpUser(ctx.w, t.id, { active: true });
    ctx.w.changed('user', t.id);
    await audit(ctx, 'staff.reactivate', t.id, {});
  },

  async resetTwoFactor(ctx: CommandContext, a: MutationArgs<'staff.resetTwoFactor'>) {
    assertMay(ctx.actor, 'manage_staff');
    const t = await lockTarget(ctx.w, a.userId);
    assertDecision(decideStaffChange(ctx.actor.id, t, { kind: 'resetTwoFactor', enabled: await twoFactorEnabled(ctx.w, t.id) }));
    await disableTwoFactor(ctx.w, t.id);
    // Whoever holds the lost device's sessions is signed out; their streams close at the commit.
    const sessionsEnded = await endSessions(ctx.w, t.id);
    // A version bump, so the admins' Team screens read two-factor off.
    await bumpUser(ctx.w, t.id);
    ctx.w.changed('user', t.id);
    await audit(ctx, 'staff.two_factor.reset', t.id, { sessionsEnded });
  },
};
