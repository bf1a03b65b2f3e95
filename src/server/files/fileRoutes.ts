/** Every route of the file area, for app.ts's route table. */
import type { RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { adminFileRoutes } from './adminFileRoutes';
import { customerFileRoutes } from './customerFileRoutes';
import { staffFileRoutes } from './staffFileRoutes';

export function fileRoutes(ctx: ServerContext): RouteSpec[] {
  return [...customerFileRoutes(ctx), ...staffFileRoutes(ctx), ...adminFileRoutes(ctx)];
}
