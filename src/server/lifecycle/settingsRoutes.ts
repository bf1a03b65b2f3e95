/**
 * Admins read and change the life-cycle periods and targets (DOMAIN.md Turnaround clock, Life
 * cycle); every staff console reads them too, for the clocks and charges it works out locally.
 */
import { recordAudit } from '../audit/auditLog';
import { LifecycleSettingsBody } from '../../shared/api/adminSettings';
import { staffRoles } from '../../shared/domain/model';
import { lifecycleSettings, saveLifecycleSettings } from '../config/settings';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { Queryable } from '../db/database';
import type { z } from 'zod';
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
    ...adminSettingRoutes(ctx, {
      url: '/api/admin/settings/lifecycle', tag, what: 'the life-cycle settings', auditAction: 'settings.lifecycle.update',
      schema: LifecycleSettingsBody, read: lifecycleSettings, save: saveLifecycleSettings,
    }),
  ];
}

/** An admin setting's pair of routes: read it, and replace it (checked by its schema, audited with before and after, in one transaction). */
export function adminSettingRoutes<T>(
  ctx: ServerContext,
  s: { url: string; tag: string; what: string; auditAction: string; schema: z.ZodType<T>; read(db: Queryable): Promise<T>; save(db: Queryable, value: T): Promise<void> },
): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: s.url, tag: s.tag, access: admins, summary: `Read ${s.what}`,
      response: s.schema,
      handler: () => s.read(ctx.db),
    }),
    defineRoute({
      method: 'PUT', url: s.url, tag: s.tag, access: admins, summary: `Change ${s.what}`,
      body: s.schema, response: s.schema,
      handler: async ({ user, body }) => {
        await ctx.db.transaction(async (tx) => {
          const before = await s.read(tx);
          await s.save(tx, body);
          await recordAudit(tx, { actorUserId: user.id, action: s.auditAction, entity: 'settings', details: { before, after: body }, at: ctx.clock.now() });
        });
        // This process's kept settings go at once; the other processes drop theirs on the save's NOTIFY.
        ctx.settings.invalidate();
        return s.read(ctx.db);
      },
    }),
  ];
}
