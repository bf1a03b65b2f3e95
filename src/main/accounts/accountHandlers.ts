import type { Handlers } from '../../shared/console/consoleApi';
import { readAccountPage } from './accountPage';
import { readDirectory } from './directory';
import { notFound } from '../console/consoleErrors';
import type { HandlerContext } from '../console/handlers/handlerContext';

export function accountHandlers(ctx: HandlerContext): Pick<Handlers, 'account.page' | 'directory.get'> {
  return {
    'account.page': async ({ accountId }) => {
      const page = readAccountPage(ctx.sessions.require().cache.reader, accountId, ctx.now());
      if (!page) throw notFound(`account ${accountId}`);
      return page;
    },
    'directory.get': async () => readDirectory(ctx.sessions.require().cache.reader),
  };
}
