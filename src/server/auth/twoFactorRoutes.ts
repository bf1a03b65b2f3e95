/**
 * A staff member's own two-factor (set up, confirm with a first code, new recovery codes, turn
 * off with the password) and the admin setting that makes it required for all staff. Turning
 * the setting on ends the sessions of staff without two-factor: they enrol at their next sign-in.
 */
import { z } from 'zod';
import { TwoFactorConfirmBody, TwoFactorDisableBody, TwoFactorSettingBody, type TwoFactorEnrolment, type TwoFactorStatus } from '../../shared/api/signInSecurity';
import { staffRoles } from '../../shared/domain/model';
import { recordAudit } from '../audit/auditLog';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError, conflict } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { verifyPassword } from './passwords';
import { endSessions } from './sessions';
import { checkTotp, confirmEnrolment, disableTwoFactor, recoveryCodesLeft, setTwoFactorRequired, startEnrolment, twoFactorEnabled, twoFactorRequired } from './twoFactor';

const tag = 'Staff two-factor';
const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

export function twoFactorRoutes(ctx: ServerContext): RouteSpec[] {
  const status = async (userId: number): Promise<TwoFactorStatus> => ({
    enabled: await twoFactorEnabled(ctx.db, userId),
    recoveryCodesLeft: await recoveryCodesLeft(ctx.db, userId),
    requiredForStaff: await twoFactorRequired(ctx.db),
  });
  const checkPassword = async (userId: number, password: string) => {
    const u = await queryBuilder(ctx.db).selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(password, u.passwordHash))) throw new ApiError(400, 'wrong_password', 'body.password: this is not your current password', 'body.password');
  };
  /** After `check` passes, in one transaction: two-factor on with ten new recovery codes, audited as `action`. */
  const newRecoveryCodes = async (userId: number, action: string, check: (tx: Queryable, now: number) => Promise<void>) => {
    const now = ctx.clock.now();
    const recoveryCodes = await ctx.db.transaction(async (tx) => {
      await check(tx, now);
      const codes = await confirmEnrolment(tx, userId, now);
      await recordAudit(tx, { actorUserId: userId, action, entity: 'user', entityId: userId, at: now });
      return codes;
    });
    return { recoveryCodes };
  };
  return [
    defineRoute({
      method: 'GET', url: '/api/staff/two-factor', tag, access: staffRoles, summary: 'Read own two-factor status and whether it is required',
      handler: async ({ user }) => ({ twoFactor: await status(user.id) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/staff/two-factor/enrol', tag, access: staffRoles, summary: 'Start setting up two-factor: a new secret as a QR code',
      handler: async ({ user }): Promise<{ enrolment: TwoFactorEnrolment }> => {
        if (await twoFactorEnabled(ctx.db, user.id)) throw conflict('two_factor_on', 'two-factor is on already; turn it off first to set up another device');
        return { enrolment: await startEnrolment(ctx, ctx.db, user, ctx.clock.now()) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/staff/two-factor/confirm', tag, access: staffRoles, summary: 'Turn two-factor on with the first code; answers the ten recovery codes once',
      body: TwoFactorConfirmBody, response: RecoveryCodes,
      handler: async ({ user, body }) =>
        newRecoveryCodes(user.id, 'auth.two_factor.enable', async (tx, now) => {
          if (!(await checkTotp(ctx, tx, user.id, body.code, now, true))) {
            throw new ApiError(400, 'wrong_code', 'body.code: this code is wrong or expired (or two-factor is not being set up); enter the code your app shows now', 'body.code');
          }
        }),
    }),
    defineRoute({
      method: 'POST', url: '/api/staff/two-factor/recovery-codes', tag, access: staffRoles, summary: 'Replace the recovery codes (the password first); answers the new ones once',
      body: TwoFactorDisableBody, response: RecoveryCodes,
      handler: async ({ user, body }) => {
        await checkPassword(user.id, body.password);
        return newRecoveryCodes(user.id, 'auth.two_factor.recovery_codes', async (tx) => {
          if (!(await twoFactorEnabled(tx, user.id))) throw conflict('two_factor_off', 'two-factor is off: set it up first');
        });
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/staff/two-factor/disable', tag, access: staffRoles, summary: 'Turn own two-factor off (the password first; not while it is required)',
      body: TwoFactorDisableBody,
      handler: async ({ user, body }) => {
        if (await twoFactorRequired(ctx.db)) throw conflict('two_factor_required', 'two-factor is required for all staff by the admin setting; it cannot be turned off');
        await checkPassword(user.id, body.password);
        const now = ctx.clock.now();
        await ctx.db.transaction(async (tx) => {
          await disableTwoFactor(tx, user.id);
          await recordAudit(tx, { actorUserId: user.id, action: 'auth.two_factor.disable', entity: 'user', entityId: user.id, at: now });
        });
        return { twoFactor: await status(user.id) };
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/admin/settings/two-factor', tag, access: ['staff.admin'], summary: 'Require two-factor for all staff (or not)',
      body: TwoFactorSettingBody,
      handler: async ({ user, body }) => {
        const now = ctx.clock.now();
        if (body.requiredForStaff && !(await twoFactorEnabled(ctx.db, user.id))) {
          throw conflict('two_factor_off', 'body.requiredForStaff: set up your own two-factor first, so that you are not signed out yourself', 'body.requiredForStaff');
        }
        const signedOut = await ctx.db.transaction(async (tx) => {
          await setTwoFactorRequired(tx, body.requiredForStaff);
          let ended = 0;
          if (body.requiredForStaff) {
            // Staff without two-factor sign in again, and set it up then.
            const without = await queryBuilder(tx)
              .selectFrom('users as u')
              .select('u.id')
              .where('u.role', 'like', 'staff.%')
              .where((eb) => eb.not(eb.exists(eb.selectFrom('staffTotp as t').select('t.userId').whereRef('t.userId', '=', 'u.id').where('t.confirmedAt', 'is not', null))))
              .execute();
            for (const u of without) if (await endSessions(tx, u.id)) ended += 1;
          }
          await recordAudit(tx, { actorUserId: user.id, action: 'settings.two_factor.update', entity: 'settings', details: { requiredForStaff: body.requiredForStaff, signedOut: ended }, at: now });
          return ended;
        });
        return { twoFactor: await status(user.id), signedOut };
      },
    }),
  ];
}
