import type { Handlers } from '../../../shared/console/consoleApi';
import { signedOutStatus } from '../consoleSession';
import type { HandlerContext } from './handlerContext';

export function syncHandlers(ctx: HandlerContext): Pick<Handlers, 'sync.status' | 'sync.now'> {
  return {
    'sync.status': async () => ctx.sessions.session?.status() ?? signedOutStatus,
    'sync.now': async () => {
      const s = ctx.sessions.require();
      // syncNow reports failures in the status rather than throwing: offline is not an error here.
      await s.engine.syncNow();
      return s.status();
    },
  };
}
