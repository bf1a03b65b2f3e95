/**
 * The own sign-in security, on the server (online only): the own sessions, ending one or all
 * ("sign out everywhere" signs this console out too), the own password (the other sessions
 * end), and staff two-factor set-up, with the admin's setting that requires it.
 */
import { z } from 'zod';
import { OwnSessionSchema, TwoFactorEnrolmentSchema, TwoFactorStatusSchema } from '../../../shared/api/signInSecurity';
import type { Handlers } from '../../../shared/console/consoleApi';
import { securityCall } from '../staffApi';
import type { HandlerContext } from './handlerContext';

type SecurityOps = 'security.sessions' | 'security.endSession' | 'security.signOutEverywhere' | 'security.twoFactor' | 'security.enrolTwoFactor' | 'security.confirmTwoFactor' | 'security.disableTwoFactor' | 'security.setTwoFactorRequired' | 'security.changePassword';

export function securityHandlers(ctx: HandlerContext): Pick<Handlers, SecurityOps> {
  const call = <T>(schema: z.ZodType<T>, method: string, path: string, body?: unknown) => {
    const s = ctx.sessions.require();
    return securityCall(ctx.fetch, s.stored.serverUrl, s.stored.token, schema, method, path, body);
  };
  const status = z.object({ twoFactor: TwoFactorStatusSchema });
  const ok = { ok: true as const };
  return {
    'security.sessions': () => call(z.object({ sessions: z.array(OwnSessionSchema) }), 'GET', '/api/auth/sessions'),
    'security.endSession': async ({ sessionId }) => {
      await call(z.unknown(), 'DELETE', `/api/auth/sessions/${sessionId}`);
      return ok;
    },
    'security.signOutEverywhere': async () => {
      await call(z.unknown(), 'POST', '/api/auth/sessions/sign-out-everywhere');
      await ctx.sessions.signOut();
      return ok;
    },
    'security.twoFactor': async () => (await call(status, 'GET', '/api/staff/two-factor')).twoFactor,
    'security.enrolTwoFactor': async () => (await call(z.object({ enrolment: TwoFactorEnrolmentSchema }), 'POST', '/api/staff/two-factor/enrol')).enrolment,
    'security.confirmTwoFactor': (input) => call(z.object({ recoveryCodes: z.array(z.string()) }), 'POST', '/api/staff/two-factor/confirm', input),
    'security.disableTwoFactor': async (input) => (await call(status, 'POST', '/api/staff/two-factor/disable', input)).twoFactor,
    'security.setTwoFactorRequired': async (input) => (await call(status, 'PUT', '/api/admin/settings/two-factor', input)).twoFactor,
    'security.changePassword': (input) => call(z.object({ ok: z.literal(true), sessionsEnded: z.number() }), 'POST', '/api/staff/password', input),
  };
}
