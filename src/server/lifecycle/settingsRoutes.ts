/** Admins read and change the life-cycle periods and targets (DOMAIN.md Turnaround clock, Life cycle). */
import { LifecycleSettingsBody } from '../../shared/api/adminSettings';
import { lifecycleSettings, saveLifecycleSettings } from '../config/settings';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';

const tag = 'Admin settings';
const admins = ['staff.admin'] as const;

export function lifecycleSettingsRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/admin/settings/lifecycle', tag, access: admins, summary: 'Read the life-cycle settings',
      response: LifecycleSettingsBody,
      handler: () => lifecycleSettings(ctx.db),
    }),
    defineRoute({
      method: 'PUT', url: '/api/admin/settings/lifecycle', tag, access: admins, summary: 'Change the life-cycle settings',
      body: LifecycleSettingsBody, response: LifecycleSettingsBody,
      handler: async ({ user, body }) => {
        await ctx.db.transaction(async (tx) => {
          const before = await lifecycleSettings(tx);
          await saveLifecycleSettings(tx, body);
          await tx.query(`INSERT INTO audit_log (actor_user_id, action, entity, details, at) VALUES ($1, 'settings.lifecycle.update', 'settings', $2, $3)`, [
            user.id, JSON.stringify({ before, after: body }), ctx.clock.now(),
          ]);
        });
        return lifecycleSettings(ctx.db);
      },
    }),
  ];
}
