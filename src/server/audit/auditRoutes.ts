/**
 * Reading the audit log (staff.admin only): newest first, filtered by person, action (exact,
 * or a family such as `staff.`), account and time range, paged by entry id; and the same
 * filters as a CSV download (at most `csvMaxRows` rows, newest first).
 */
import { z } from 'zod';
import { AuditPage, AuditQuery, auditCsvColumns, auditCsvLine, type AuditEntryRow } from '../../shared/api/staffAdmin';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { admins } from '../staff/staffRoutes';

export const csvMaxRows = 50_000;
const tag = 'Admin audit';

async function readAudit(db: Queryable, f: z.output<typeof AuditQuery>, limit: number): Promise<AuditEntryRow[]> {
  const rows = await queryBuilder(db)
    .selectFrom('auditLog as a')
    .leftJoin('users as u', 'u.id', 'a.actorUserId')
    .select(['a.id', 'a.at', 'a.actorUserId', 'u.name as actorName', 'a.action', 'a.entity', 'a.entityId', 'a.accountId', 'a.details'])
    .$if(f.actorUserId !== undefined, (qb) => qb.where('a.actorUserId', '=', f.actorUserId!))
    .$if(!!f.action, (qb) => (f.action!.endsWith('.') ? qb.where('a.action', 'like', `${f.action!.replace(/_/g, '\\_')}%`) : qb.where('a.action', '=', f.action!)))
    .$if(f.accountId !== undefined, (qb) => qb.where('a.accountId', '=', f.accountId!))
    .$if(f.from !== undefined, (qb) => qb.where('a.at', '>=', f.from!))
    .$if(f.to !== undefined, (qb) => qb.where('a.at', '<=', f.to!))
    .$if(f.before !== undefined, (qb) => qb.where('a.id', '<', f.before!))
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, details: (r.details ?? {}) as Record<string, unknown> }));
}

export function auditRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/admin/audit', tag, access: admins, summary: 'Read the audit log',
      query: AuditQuery, response: AuditPage,
      handler: async ({ query }) => {
        const entries = await readAudit(ctx.db, query, query.limit + 1);
        const more = entries.length > query.limit;
        const page = more ? entries.slice(0, query.limit) : entries;
        return { entries: page, nextBefore: more ? page.at(-1)!.id : null };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/admin/audit.csv', tag, access: admins, summary: 'Export the audit log as CSV',
      query: AuditQuery, response: z.string(), produces: 'text/csv',
      handler: async ({ query, reply }) => {
        const entries = await readAudit(ctx.db, query, csvMaxRows);
        reply.type('text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="audit-${new Date(ctx.clock.now()).toISOString().slice(0, 10)}.csv"`);
        return [auditCsvColumns.join(','), ...entries.map(auditCsvLine)].join('\r\n') + '\r\n';
      },
    }),
  ];
}
