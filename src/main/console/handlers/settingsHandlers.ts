/**
 * The admin's life-cycle settings: read from and saved on the server, online only (they are
 * the server's to keep; the console caches no copy to edit). A save is adopted by this
 * console's sync engine at once, so its own clocks and charge previews follow without waiting
 * for the next pull.
 */
import type { Handlers } from '../../../shared/console/consoleApi';
import { ConsoleError } from '../consoleErrors';
import { readLifecycleSettings, saveLifecycleSettings } from '../staffApi';
import type { HandlerContext } from './handlerContext';

/** Says why an offline console cannot show or save the settings, instead of a bare "cannot reach". */
async function online<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ConsoleError && err.body.code === 'server_unreachable') {
      throw new ConsoleError({ code: 'server_unreachable', message: `the life-cycle settings live on the server; connect to change them (${err.body.message})` });
    }
    throw err;
  }
}

export function settingsHandlers(ctx: HandlerContext): Pick<Handlers, 'settings.getLifecycle' | 'settings.saveLifecycle'> {
  return {
    'settings.getLifecycle': async () => {
      const s = ctx.sessions.require();
      const settings = await online(() => readLifecycleSettings(ctx.fetch, s.stored.serverUrl, s.stored.token));
      s.engine.adoptSettings(settings);
      return settings;
    },
    'settings.saveLifecycle': async (input) => {
      const s = ctx.sessions.require();
      const saved = await online(() => saveLifecycleSettings(ctx.fetch, s.stored.serverUrl, s.stored.token, input));
      s.engine.adoptSettings(saved);
      return saved;
    },
  };
}
