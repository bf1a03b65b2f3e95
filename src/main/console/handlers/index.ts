/** Every domain's handlers combined; `Handlers` makes a missing operation a compile error. */
import type { Handlers } from '../../../shared/console/consoleApi';
import { accountHandlers } from '../../accounts/accountHandlers';
import { authHandlers } from './authHandlers';
import { billingHandlers } from '../../billing/billingHandlers';
import { dashboardHandlers } from '../../dashboard/dashboardHandlers';
import { fileHandlers } from '../../files/fileHandlers';
import type { HandlerContext } from './handlerContext';
import { outboxHandlers } from './outboxHandlers';
import { queueHandlers } from '../../tickets/queueHandlers';
import { searchHandlers } from '../../tickets/searchHandlers';
import { securityHandlers } from './securityHandlers';
import { serverHandlers } from './serverHandlers';
import { settingsHandlers } from './settingsHandlers';
import { staffHandlers } from './staffHandlers';
import { syncHandlers } from './syncHandlers';
import { ticketHandlers } from '../../tickets/ticketHandlers';
import { catalogueHandlers } from '../../catalogue/catalogueHandlers';
import { newsletterHandlers } from '../../newsletters/newsletterHandlers';
import { forumHandlers } from '../../forum/forumHandlers';
import { payoutHandlers } from '../../affiliates/payoutHandlers';

export type { HandlerContext };

export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...authHandlers(ctx),
    ...syncHandlers(ctx),
    ...queueHandlers(ctx),
    ...ticketHandlers(ctx),
    ...billingHandlers(ctx),
    ...searchHandlers(ctx),
    ...accountHandlers(ctx),
    ...dashboardHandlers(ctx),
    ...outboxHandlers(ctx),
    ...serverHandlers(ctx),
    ...settingsHandlers(ctx),
    ...securityHandlers(ctx),
    ...fileHandlers(ctx),
    ...staffHandlers(ctx),
    ...catalogueHandlers(ctx),
    ...newsletterHandlers(ctx),
    ...forumHandlers(ctx),
    ...payoutHandlers(ctx),
  };
}
