import type { Handlers } from '../../shared/console/consoleApi';
import { readDashboardStats } from './dashboard';
import type { HandlerContext } from '../console/handlers/handlerContext';

export function dashboardHandlers(ctx: HandlerContext): Pick<Handlers, 'dashboard.stats'> {
  return {
    'dashboard.stats': async ({ days }) => {
      const s = ctx.sessions.require();
      return readDashboardStats(s.cache.reader, ctx.now(), days, s.engine.lifecycleSettings.turnaroundMs);
    },
  };
}
