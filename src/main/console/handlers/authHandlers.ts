import type { Handlers } from '../../../shared/console/consoleApi';
import type { HandlerContext } from './handlerContext';

export function authHandlers(ctx: HandlerContext): Pick<Handlers, 'auth.signIn' | 'auth.signOut' | 'auth.session' | 'auth.defaults'> {
  return {
    'auth.signIn': (input) => ctx.sessions.signIn(input),
    'auth.signOut': async () => {
      await ctx.sessions.signOut();
      return { ok: true as const };
    },
    'auth.session': async () => ctx.sessions.session?.info ?? null,
    'auth.defaults': async () => ({ serverUrl: ctx.defaultServerUrl }),
  };
}
