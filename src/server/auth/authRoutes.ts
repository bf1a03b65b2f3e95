/** Sign in, sign out and "who am I". */
import { z } from 'zod';
import { Role } from '../../shared/domain/model';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { sessionTokenOf } from '../portal/browserSession';
import type { LoginLimiter } from './loginLimiter';
import { verifyPassword } from './passwords';
import { createSession, deleteSession, sessionUserColumns, type RoleColumn } from './sessions';
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
});

// A real hash of a random password, so an unknown email costs as much time as a wrong password.
const decoyHash = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$5xpstOUeTf+zBSdq0TzxnrJD4g2JACtSst3W6t9+7XE=';

export const SignInResponse = z.object({ token: z.string(), expiresAt: z.number(), user: PublicUser });

export async function publicUser(db: Queryable, userId: number): Promise<z.infer<typeof PublicUser>> {
  const user = await queryBuilder(db).selectFrom('users').select(sessionUserColumns).where('id', '=', userId).$narrowType<RoleColumn>().executeTakeFirst();
  return user!;
}

/** Checks the password (rate-limited per address and per email) and opens a session; the API and the portal both sign in through it. */
export async function signIn(ctx: ServerContext, limiter: LoginLimiter, body: z.infer<typeof LoginBody>, ip: string): Promise<z.infer<typeof SignInResponse>> {
  const now = ctx.clock.now();
  const keys = [`ip:${ip}`, `email:${body.email}`];
  const wait = limiter.retryAfter(keys, now);
  if (wait > 0) throw new ApiError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s`, undefined, { retryAfterSeconds: Math.ceil(wait / 1000) });
  // Counted as a failure before the password is checked, in the same turn as the check above:
  // parallel attempts see each other, so 40 at once are not all tried. Taken back if right.
  limiter.fail(keys, now);
  const u = await queryBuilder(ctx.db)
    .selectFrom('users')
    .select(['id', 'passwordHash'])
    .where((eb) => emailIs(eb, body.email))
    .where((eb) => eb.ref('active'))
    .executeTakeFirst();
  const ok = await verifyPassword(body.password, u?.passwordHash ?? decoyHash);
  if (!u || !ok) throw new ApiError(401, 'wrong_credentials', 'wrong email or password');
  limiter.retract([`ip:${ip}`], now);
  limiter.succeed([`email:${body.email}`]);
  const session = await createSession(ctx.db, u.id, now);
  return { token: session.token, expiresAt: session.expiresAt, user: await publicUser(ctx.db, u.id) };
}

export function authRoutes(ctx: ServerContext, limiter: LoginLimiter): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/auth/login', tag: 'Auth', access: 'public', summary: 'Sign in',
      body: LoginBody, response: SignInResponse,
      handler: ({ body, request }) => signIn(ctx, limiter, body, request.ip),
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
