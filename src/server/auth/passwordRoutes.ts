/**
 * Passwords by emailed link, for staff and customers alike: "Forgot password?" (the same
 * answer whether or not the address has an account, at most one email per address every few
 * minutes, and a limit per client address), set a password from a password_reset or
 * first_password link (signs the user in, and ends every other session of the user), and
 * confirm a new e-mail address from an email_change link. Public routes the portal calls, so
 * they need the browser's CSRF token.
 */
import { z } from 'zod';
import { ConfirmEmailBody, ForgotPasswordBody, forgotPasswordAnswer, LinkCheckBody, SetPasswordBody } from '../../shared/api/profile';
import { publicUrlOf } from '../config/serverConfig';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { setSessionCookie } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { PublicUser, publicUser } from './authRoutes';
import { limitAttempt } from './attemptLimiter';
import { checkNewPassword, hashPassword } from './passwords';
import { recordAudit } from '../audit/auditLog';
import { createSession, endSessions, originOf } from './sessions';
import { emailIs, emailIsAnyCase } from './userEmail';
import { issueLink, peekLink, useLink } from './userLinks';

const tag = 'Auth';
/** At most one reset email per address in this time, however often it is asked for. */
export const resetEmailIntervalMs = 5 * 60_000;

export function passwordRoutes(ctx: ServerContext): RouteSpec[] {
  const publicUrl = publicUrlOf(ctx.config);
  // Requests per client address (whatever the email): 20 in 15 minutes.
  const perAddress = { points: 20, windowMs: 15 * 60_000 };
  return [
    defineRoute({
      method: 'POST', url: '/api/auth/forgot-password', tag, access: 'public', csrf: true,
      summary: 'Ask for a link to set a new password (the same answer whether or not the email has an account)',
      body: ForgotPasswordBody, response: z.object({ message: z.string() }),
      handler: async ({ body, request }) => {
        const now = ctx.clock.now();
        await limitAttempt(ctx.db, [{ key: `forgot:address:${request.ip}`, limit: perAddress }], now, 'requests');
        await write(ctx.db, now, async (w) => {
          const q = queryBuilder(w);
          const u = await q
            .selectFrom('users')
            .select('id')
            .where((eb) => emailIs(eb, body.email))
            .where((eb) => eb.ref('active'))
            .forUpdate()
            .executeTakeFirst();
          if (!u) return;
          const recent = await q
            .selectFrom('userLinks')
            .select('id')
            .where('userId', '=', u.id)
            .where('purpose', '=', 'password_reset')
            .where('createdAt', '>', now - resetEmailIntervalMs)
            .executeTakeFirst();
          if (recent) return;
          await issueLink(w, publicUrl, { userId: u.id, purpose: 'password_reset' });
        });
        return { message: forgotPasswordAnswer };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/link', tag, access: 'public', csrf: true,
      summary: 'Look at an emailed link without using it (whose it is, what it is for)',
      body: LinkCheckBody,
      handler: async ({ body }) => {
        const l = await peekLink(ctx.db, body.token, ['password_reset', 'first_password', 'email_change'], ctx.clock.now());
        return { link: { purpose: l.purpose, email: l.email, name: l.name, newEmail: l.newEmail } };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/set-password', tag, access: 'public', csrf: true,
      summary: 'Set a password from an emailed link (signs a customer in to the portal; ends the user\'s other sessions)',
      body: SetPasswordBody, response: z.object({ user: PublicUser }),
      handler: async ({ body, request, reply }) => {
        const now = ctx.clock.now();
        // The link is looked at first, so the policy knows whose password it is; used below.
        const owner = await peekLink(ctx.db, body.token, ['password_reset', 'first_password'], now);
        await checkNewPassword(body.password, owner, 'body.password');
        const hash = await hashPassword(body.password);
        const { userId, session } = await write(ctx.db, now, async (w) => {
          const link = await useLink(w, body.token, ['password_reset', 'first_password']);
          const q = queryBuilder(w);
          const { role } = await q
            .updateTable('users')
            .set((eb) => ({ passwordHash: hash, version: eb('version', '+', 1) }))
            .where('id', '=', link.userId)
            .returning('role')
            .executeTakeFirstOrThrow();
          // Whoever else held a session (the reason for a reset, perhaps) is signed out.
          await endSessions(w, link.userId);
          w.changed('user', link.userId);
          await recordAudit(w, { actorUserId: link.userId, action: link.purpose === 'first_password' ? 'auth.password.first' : 'auth.password.reset', entity: 'user', entityId: link.userId, at: now });
          // Staff (an invitation, a reset) sign in to the console with the new password, not to the portal.
          return { userId: link.userId, session: role.startsWith('staff.') ? null : await createSession(w, link.userId, now, originOf(request)) };
        });
        if (session) setSessionCookie(reply, ctx.config, session.token, session.expiresAt);
        return { user: await publicUser(ctx.db, userId) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/confirm-email', tag, access: 'public', csrf: true,
      summary: 'Confirm a new e-mail address from the link sent to it (the login, and a primary user\'s account contact address)',
      body: ConfirmEmailBody, response: z.object({ email: z.string() }),
      handler: async ({ body }) => {
        const email = await write(ctx.db, ctx.clock.now(), async (w) => {
          const link = await useLink(w, body.token, ['email_change']);
          const newEmail = link.newEmail!;
          const q = queryBuilder(w);
          const taken = await q
            .selectFrom('users')
            .select('id')
            .where((eb) => emailIsAnyCase(eb, newEmail))
            .where('id', '<>', link.userId)
            .executeTakeFirst();
          if (taken) throw new ApiError(409, 'email_taken', `body.token: ${newEmail} signs in to another account now; choose another address in Edit self-profile`, 'body.token');
          const u = await q
            .updateTable('users')
            .set((eb) => ({ email: newEmail, version: eb('version', '+', 1) }))
            .where('id', '=', link.userId)
            .returning(['role', 'accountId'])
            .executeTakeFirstOrThrow();
          w.changed('user', link.userId);
          // A primary user has an account (the CHECK on users says so).
          if (u.role === 'customer.primary') {
            await q.updateTable('accounts').set((eb) => ({ contactEmail: newEmail, version: eb('version', '+', 1) })).where('id', '=', u.accountId!).execute();
            w.changed('account', u.accountId!);
          }
          return newEmail;
        });
        return { email };
      },
    }),
  ];
}
