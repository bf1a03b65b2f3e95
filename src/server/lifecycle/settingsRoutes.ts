/**
 * Admins read and change the life-cycle periods and targets (DOMAIN.md Turnaround clock, Life
 * cycle); every staff console reads them too, for the clocks and charges it works out locally.
 */
import { recordAudit } from '../audit/auditLog';
import { LifecycleSettingsBody } from '../../shared/api/adminSettings';
import { staffRoles } from '../../shared/domain/model';
import { lifecycleSettings, saveLifecycleSettings } from '../config/settings';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';

const tag = 'Admin settings';
const admins = ['staff.admin'] as const;

export function lifecycleSettingsRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      // Read-only for every staff role: a console's optimistic clocks and charge previews must
      // use the targets and surcharge the server applies, not DOMAIN.md's defaults.
      method: 'GET', url: '/api/sync/settings', tag: 'Sync', access: staffRoles, summary: 'Read the life-cycle settings the console works out clocks and charges with',
      response: LifecycleSettingsBody,
      handler: () => ctx.settings.lifecycle(),
    }),
    defineRoute({
      method: 'GET', url: '/api/admin/settings/lifecycle', tag, access: admins, summary: 'Read the life-cycle settings',
      response: LifecycleSettingsBody,
      handler: () => ctx.settings.lifecycle(),
    }),
    defineRoute({
      method: 'PUT', url: '/api/admin/settings/lifecycle', tag, access: admins, summary: 'Change the life-cycle settings',
      body: LifecycleSettingsBody, response: LifecycleSettingsBody,
      handler: async ({ user, body }) => {
        await ctx.db.transaction(async (tx) => {
          const before = await lifecycleSettings(tx);
          await saveLifecycleSettings(tx, body);
          await recordAudit(tx, { actorUserId: user.id, action: 'settings.lifecycle.update', entity: 'settings', details: { before, after: body }, at: ctx.clock.now() });
        });
        // This process's next request reads the new values; the others drop theirs on the NOTIFY.
        ctx.settings.invalidate();
        return ctx.settings.lifecycle();
      },
    }),
  ];
}
