/**
 * The portal's sign-in: the same password check and rate limit as `/api/auth/login`, but the
 * session goes into an httpOnly cookie and the page gets only a CSRF token to send back.
 */
import { z } from 'zod';
import { LoginBody, PublicUser, signIn } from '../auth/authRoutes';
import { deleteSession, originOf, userForToken } from '../auth/sessions';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { clearSessionCookie, cookieToken, issueCsrfToken, setSessionCookie } from './browserSession';
import { keepReferral } from '../affiliates/referralAtSignIn';

const tag = 'Portal session';
const PortalSession = z.object({ user: PublicUser.nullable(), csrfToken: z.string() });

export function portalSessionRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/portal/session', tag, access: 'public', summary: 'Read the portal session (the signed-in user or null) and a CSRF token',
      response: PortalSession,
      handler: async ({ request, reply }) => {
        const token = cookieToken(request);
        const user = token ? await userForToken(ctx.db, token, ctx.clock.now()) : null;
        reply.header('cache-control', 'no-store');
        return { user, csrfToken: issueCsrfToken(request, reply, ctx.config) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/portal/session', tag, access: 'public', csrf: true, summary: 'Sign in to the portal (sets the session cookie)',
      body: LoginBody, response: z.object({ user: PublicUser }),
      handler: async ({ body, request, reply }) => {
        const previous = cookieToken(request);
        const session = await signIn(ctx, body, originOf(request));
        // A new session on every sign-in: a session id planted before sign-in is worth nothing.
        if (previous) await deleteSession(ctx.db, previous);
        setSessionCookie(reply, ctx.config, session.token, session.expiresAt);
        await keepReferral(ctx, request, reply, session.user);
        return { user: session.user };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/portal/session', tag, access: 'public', csrf: true, summary: 'Sign out of the portal',
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ request, reply }) => {
        const token = cookieToken(request);
        if (token) await deleteSession(ctx.db, token);
        clearSessionCookie(reply, ctx.config);
        return { ok: true as const };
      },
    }),
  ];
}
