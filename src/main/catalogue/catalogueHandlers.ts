/**
 * The admin's Catalogue screen: changes are local actions of the sync engine (pushed through
 * /api/sync/push, refused there for other roles); the catalogue itself is read from the
 * server directly (online only), as the team is: it is not part of the synced rows.
 */
import type { Handlers } from '../../shared/console/consoleApi';
import { online } from '../console/handlers/staffHandlers';
import type { HandlerContext } from '../console/handlers/handlerContext';
import { performAction } from '../console/handlers/performAction';
import { readAdminCatalogue } from '../console/staffApi';

type CatalogueOperation = 'catalogue.create' | 'catalogue.update' | 'catalogue.setActive' | 'catalogue.list';

export function catalogueHandlers(ctx: HandlerContext): Pick<Handlers, CatalogueOperation> {
  const act = performAction(ctx);
  const stored = () => ctx.sessions.require().stored;
  return {
    'catalogue.create': act('catalogue.create'),
    'catalogue.update': act('catalogue.update'),
    'catalogue.setActive': act('catalogue.setActive'),
    'catalogue.list': () => online('the catalogue', () => readAdminCatalogue(ctx.fetch, stored().serverUrl, stored().token)),
  };
}
