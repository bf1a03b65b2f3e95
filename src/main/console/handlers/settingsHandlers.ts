/**
 * The admin's settings (the ticket life cycle, the affiliate program): read from and saved on
 * the server, online only (they are the server's to keep; the console caches no copy to edit).
 * A life-cycle save is adopted by this console's sync engine at once, so its own clocks and
 * charge previews follow without waiting for the next pull.
 */
import type { Handlers } from '../../../shared/console/consoleApi';
import { ConsoleError } from '../consoleErrors';
import { readAdminSetting, saveAdminSetting } from '../staffApi';
import type { HandlerContext } from './handlerContext';

/** Says why an offline console cannot show or save the settings, instead of a bare "cannot reach". */
async function online<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ConsoleError && err.body.code === 'server_unreachable') {
      throw new ConsoleError({ code: 'server_unreachable', message: `the ${what} settings live on the server; connect to change them (${err.body.message})` });
    }
    throw err;
  }
}

type SettingsOps = 'settings.getLifecycle' | 'settings.saveLifecycle' | 'settings.getAffiliate' | 'settings.saveAffiliate';

export function settingsHandlers(ctx: HandlerContext): Pick<Handlers, SettingsOps> {
  return {
    'settings.getLifecycle': async () => {
      const s = ctx.sessions.require();
      const settings = await online('life-cycle', () => readAdminSetting(ctx.fetch, s.stored.serverUrl, s.stored.token, 'lifecycle'));
      s.engine.adoptSettings(settings);
      return settings;
    },
    'settings.saveLifecycle': async (input) => {
      const s = ctx.sessions.require();
      const saved = await online('life-cycle', () => saveAdminSetting(ctx.fetch, s.stored.serverUrl, s.stored.token, 'lifecycle', input));
      s.engine.adoptSettings(saved);
      return saved;
    },
    'settings.getAffiliate': async () => {
      const s = ctx.sessions.require();
      return online('affiliate program', () => readAdminSetting(ctx.fetch, s.stored.serverUrl, s.stored.token, 'affiliate'));
    },
    'settings.saveAffiliate': async (input) => {
      const s = ctx.sessions.require();
      return online('affiliate program', () => saveAdminSetting(ctx.fetch, s.stored.serverUrl, s.stored.token, 'affiliate', input));
    },
  };
}
