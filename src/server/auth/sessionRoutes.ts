/**
 * A user's own sessions, staff and customers alike: the list (where and with what each signed
 * in, when last used), ending one, and "sign out everywhere". Ending a session closes its live
 * streams at once (endSessions). Only the caller's own sessions: another user's session id is
 * answered as not found. Staff change their own password here too (the console's Security
 * screen; customers do it on the portal's profile, with the same rules: changeOwnPassword).
 */
import { z } from 'zod';
import { PasswordChangeBody } from '../../shared/api/profile';
import { SessionParams, type OwnSession } from '../../shared/api/signInSecurity';
import { staffRoles } from '../../shared/domain/model';
import { recordAudit } from '../audit/auditLog';
import { queryBuilder } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { clearSessionCookie, cookieToken, sessionTokenOf } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { changeOwnPassword } from './ownPassword';
import { endSessions, hashSessionToken } from './sessions';

const tag = 'Auth';

export function sessionRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/staff/password', tag, access: staffRoles,
      summary: 'Change own password (the current one first; the policy checks the new one; every other session ends)',
      body: PasswordChangeBody, response: z.object({ ok: z.literal(true), sessionsEnded: z.number() }),
      handler: async ({ user, body, request }) => ({ ok: true as const, ...(await changeOwnPassword(ctx, user, body, sessionTokenOf(request))) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/auth/sessions', tag, access: 'signedIn', summary: 'List own sessions (newest use first)',
      handler: async ({ user, request }): Promise<{ sessions: OwnSession[] }> => {
        const current = hashSessionToken(sessionTokenOf(request) ?? '');
        const rows = await queryBuilder(ctx.db)
          .selectFrom('sessions')
          .select(['id', 'tokenHash', 'createdAt', 'lastSeenAt', 'expiresAt', 'ip', 'userAgent'])
          .where('userId', '=', user.id)
          .where('expiresAt', '>', ctx.clock.now())
          .orderBy((eb) => eb.fn.coalesce('lastSeenAt', 'createdAt'), 'desc')
          .orderBy('id', 'desc')
          .execute();
        return { sessions: rows.map(({ tokenHash, ...r }) => ({ ...r, current: tokenHash === current })) };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/auth/sessions/:sessionId', tag, access: 'signedIn', summary: 'End one of own sessions (signs that device out)',
      params: SessionParams, response: z.object({ ok: z.literal(true) }),
      handler: async ({ user, params }) => {
        const now = ctx.clock.now();
        await ctx.db.transaction(async (tx) => {
          if (!(await endSessions(tx, user.id, { sessionId: params.sessionId }))) throw notFound(`session ${params.sessionId}`);
          await recordAudit(tx, { actorUserId: user.id, action: 'auth.session.end', entity: 'user', entityId: user.id, details: { sessionId: params.sessionId }, at: now });
        });
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/sessions/sign-out-everywhere', tag, access: 'signedIn', summary: 'End every own session, this one included',
      response: z.object({ ended: z.number() }),
      handler: async ({ user, request, reply }) => {
        const now = ctx.clock.now();
        const ended = await ctx.db.transaction(async (tx) => {
          const n = await endSessions(tx, user.id);
          await recordAudit(tx, { actorUserId: user.id, action: 'auth.session.end_all', entity: 'user', entityId: user.id, details: { ended: n }, at: now });
          return n;
        });
        if (cookieToken(request)) clearSessionCookie(reply, ctx.config);
        return { ended };
      },
    }),
  ];
}
