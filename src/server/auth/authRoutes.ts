/** Sign in, sign out and "who am I". */
import { z } from 'zod';
import { twoFactorCode } from '../../shared/api/signInSecurity';
import { isStaff, Role } from '../../shared/domain/model';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { sessionTokenOf } from '../portal/browserSession';
import { recordAudit } from '../audit/auditLog';
import { clearAttempts, giveBack, limitAttempt, type Limit } from './attemptLimiter';
import { verifyPassword } from './passwords';
import { createSession, deleteSession, originOf, sessionUserColumns, type RoleColumn, type SessionOrigin } from './sessions';
import { checkSecondFactor, checkTotp, confirmEnrolment, recoveryCodesLeft, startEnrolment, twoFactorEnabled, twoFactorRequired } from './twoFactor';
import { emailIs } from './userEmail';

export const PublicUser = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: Role,
  accountId: z.number().nullable(),
  departmentIds: z.array(z.number()),
});

export const LoginBody = z.strictObject({
  email: z.string().trim().toLowerCase().email('must be an email address').max(254),
  password: z.string().min(1, 'must not be empty').max(1000),
  /** Staff with two-factor: the authenticator's code or a recovery code, sent again with the password. */
  code: twoFactorCode.optional(),
});

// A real hash of a random password, so an unknown email costs as much time as a wrong password.
const decoyHash = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$5xpstOUeTf+zBSdq0TzxnrJD4g2JACtSst3W6t9+7XE=';

export const SignInResponse = z.object({
  token: z.string(),
  expiresAt: z.number(),
  user: PublicUser,
  /** Two-factor was just turned on at this sign-in: the ten recovery codes, shown this once. */
  recoveryCodes: z.array(z.string()).optional(),
});

export async function publicUser(db: Queryable, userId: number): Promise<z.infer<typeof PublicUser>> {
  const user = await queryBuilder(db).selectFrom('users').select(sessionUserColumns).where('id', '=', userId).$narrowType<RoleColumn>().executeTakeFirst();
  return user!;
}

const minute = 60_000;
/**
 * Failed sign-ins allowed. Per account and address: the guessing of one account from one
 * place stops at 10. Per address: one place spraying many accounts stops at 30. Per account,
 * from everywhere: 50 an hour, slower, so a stranger's 10 from one address do not lock the
 * owner out from another, and only a many-address attack slows the account down.
 */
export const loginLimits = {
  accountAddress: { points: 10, windowMs: 15 * minute },
  address: { points: 30, windowMs: 15 * minute },
  account: { points: 50, windowMs: 60 * minute },
} satisfies Record<string, Limit>;

const loginKeys = (email: string, ip: string) => ({ accountAddress: `login:account-address:${email}|${ip}`, address: `login:address:${ip}`, account: `login:account:${email}` });

/** Checks the password (rate-limited, see loginLimits) and opens a session; the API and the portal both sign in through it. */
export async function signIn(ctx: ServerContext, body: z.infer<typeof LoginBody>, origin: SessionOrigin): Promise<z.infer<typeof SignInResponse>> {
  const now = ctx.clock.now();
  const { ip } = origin;
  const keys = loginKeys(body.email, ip);
  // Counted as a failure before the password is checked, in one statement with the check:
  // parallel attempts see each other, so 40 at once are not all tried. Taken back if right.
  const taken = await limitAttempt(
    ctx.db,
    [
      { key: keys.accountAddress, limit: loginLimits.accountAddress },
      { key: keys.address, limit: loginLimits.address },
      { key: keys.account, limit: loginLimits.account },
    ],
    now,
    'failed sign-ins',
  );
  const u = await queryBuilder(ctx.db)
    .selectFrom('users')
    .select(['id', 'email', 'role', 'passwordHash'])
    .where((eb) => emailIs(eb, body.email))
    .where((eb) => eb.ref('active'))
    .executeTakeFirst();
  const ok = await verifyPassword(body.password, u?.passwordHash ?? decoyHash);
  if (!u || !ok) {
    // The address tried is kept (not the password): the admin sees who guessed at whom.
    await recordAudit(ctx.db, { actorUserId: null, action: 'auth.sign_in_failed', entity: 'user', entityId: u?.id ?? null, details: { email: body.email, ip }, at: now });
    throw new ApiError(401, 'wrong_credentials', 'wrong email or password');
  }
  const second = isStaff(u.role as Role) ? await staffSecondFactor(ctx, u, body.code, now) : { ok: true as const };
  if (second.ask) {
    // The password was right: asking for the code is not a failure.
    await giveBack(ctx.db, taken, [keys.accountAddress, keys.address, keys.account]);
    throw second.ask;
  }
  if (!second.ok) {
    await recordAudit(ctx.db, { actorUserId: null, action: 'auth.sign_in_failed', entity: 'user', entityId: u.id, details: { email: body.email, ip, reason: 'wrong_code' }, at: now });
    throw new ApiError(401, 'wrong_code', 'body.code: this code is wrong, expired or used already; enter the code your authenticator app shows now', 'body.code');
  }
  await clearAttempts(ctx.db, [keys.accountAddress]);
  await giveBack(ctx.db, taken, [keys.address, keys.account]);
  const session = await createSession(ctx.db, u.id, now, origin);
  await recordAudit(ctx.db, { actorUserId: u.id, action: 'auth.sign_in', entity: 'user', entityId: u.id, details: { ip, ...(second.how ? { twoFactor: second.how } : {}) }, at: now });
  return { token: session.token, expiresAt: session.expiresAt, user: await publicUser(ctx.db, u.id), ...(second.recoveryCodes ? { recoveryCodes: second.recoveryCodes } : {}) };
}

type SecondFactor = { ask?: undefined; ok: true; how?: 'totp' | 'recovery'; recoveryCodes?: string[] } | { ask?: undefined; ok: false } | { ask: ApiError; ok?: undefined };

/**
 * A staff member's second factor, after the right password: none when two-factor is off and
 * not required; else the code (TOTP or a recovery code). Required but not yet set up: the
 * sign-in itself enrols (the password proves who it is), showing a QR code and turning
 * two-factor on with its first code.
 */
async function staffSecondFactor(ctx: ServerContext, user: { id: number; email: string }, code: string | undefined, now: number): Promise<SecondFactor> {
  const enabled = await twoFactorEnabled(ctx.db, user.id);
  if (!enabled && !(await twoFactorRequired(ctx.db))) return { ok: true };
  if (code === undefined) {
    if (enabled) return { ask: new ApiError(401, 'two_factor_required', 'body.code: enter the 6-digit code of your authenticator app, or one of your recovery codes', 'body.code') };
    const enrolment = await startEnrolment(ctx, ctx.db, user, now);
    return {
      ask: new ApiError(401, 'two_factor_enrolment_required', 'body.code: staff must use two-factor sign-in: scan the QR code with an authenticator app, then enter the 6-digit code it shows', 'body.code', { enrolment }),
    };
  }
  return ctx.db.transaction(async (tx): Promise<SecondFactor> => {
    if (enabled) {
      const how = await checkSecondFactor(ctx, tx, user.id, code, now);
      if (how === 'recovery') await recordAudit(tx, { actorUserId: user.id, action: 'auth.two_factor.recovery_code_used', entity: 'user', entityId: user.id, details: { left: await recoveryCodesLeft(tx, user.id) }, at: now });
      return how ? { ok: true, how } : { ok: false };
    }
    if (!(await checkTotp(ctx, tx, user.id, code, now, true))) return { ok: false };
    const recoveryCodes = await confirmEnrolment(tx, user.id, now);
    await recordAudit(tx, { actorUserId: user.id, action: 'auth.two_factor.enable', entity: 'user', entityId: user.id, details: { atSignIn: true }, at: now });
    return { ok: true, how: 'totp', recoveryCodes };
  });
}

export function authRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/auth/login', tag: 'Auth', access: 'public', summary: 'Sign in',
      body: LoginBody, response: SignInResponse,
      handler: ({ body, request }) => signIn(ctx, body, originOf(request)),
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/logout', tag: 'Auth', access: 'signedIn', summary: 'Sign out',
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ request }) => {
        await deleteSession(ctx.db, sessionTokenOf(request)!);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/auth/session', tag: 'Auth', access: 'signedIn', summary: 'Read the signed-in user',
      response: z.object({ user: PublicUser }),
      handler: async ({ user }) => ({ user }),
    }),
  ];
}
