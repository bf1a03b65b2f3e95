/**
 * The admin's direct reads for the Team and Departments screens: every staff member with role,
 * departments, last sign-in and pending invitation, and every department with its open
 * tickets. A direct route rather than synced rows: last sign-in and invitations are the
 * admin's business only, and the synced user row goes to every staff console.
 */
import { TeamResponse } from '../../shared/api/staffAdmin';
import { queryBuilder, sql } from '../db/queryBuilder';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { sessionUserColumns, type RoleColumn } from '../auth/sessions';
import { noPasswordYet } from './staffCommands';

export const admins = ['staff.admin'] as const;

export function staffAdminRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/admin/staff', tag: 'Admin staff', access: admins, summary: 'Read the team: people, roles, departments, invitations',
      response: TeamResponse,
      handler: async () => {
        const now = ctx.clock.now();
        const q = queryBuilder(ctx.db);
        const people = await q
          .selectFrom('users')
          .select((eb) => [
            ...sessionUserColumns(eb),
            'users.active', 'users.lastSignInAt', 'users.passwordHash', 'users.invitedAt',
            eb.exists(eb.selectFrom('staffTotp').select('userId').whereRef('staffTotp.userId', '=', 'users.id').where('confirmedAt', 'is not', null)).as('twoFactor'),
            eb.selectFrom('userLinks').select(sql<number>`max(expires_at)`.as('e')).whereRef('userLinks.userId', '=', 'users.id').where('purpose', '=', 'first_password').where('usedAt', 'is', null).as('linkExpiresAt'),
          ])
          .where('users.role', 'like', 'staff.%')
          .orderBy('users.name')
          .orderBy('users.id')
          .$narrowType<RoleColumn>()
          .execute();
        const departments = await q
          .selectFrom('departments as d')
          .select((eb) => [
            'd.id', 'd.name', 'd.archivedAt',
            eb.selectFrom('tickets').select(sql<number>`count(*)::int`.as('n')).whereRef('tickets.departmentId', '=', 'd.id').where('tickets.status', '<>', 'closed').as('openTickets'),
            eb.selectFrom('staffDepartments').innerJoin('users', 'users.id', 'staffDepartments.userId').select(sql<number>`count(*)::int`.as('n')).whereRef('staffDepartments.departmentId', '=', 'd.id').where('users.active', '=', true).as('people'),
          ])
          .orderBy('d.name')
          .execute();
        return {
          people: people.map((p) => ({
            id: p.id, email: p.email, name: p.name, role: p.role, active: p.active, departmentIds: p.departmentIds.map(Number), lastSignInAt: p.lastSignInAt, twoFactor: Boolean(p.twoFactor),
            invitation: p.passwordHash === noPasswordYet
              ? { sentAt: p.invitedAt ?? 0, expiresAt: Number(p.linkExpiresAt ?? 0), expired: Number(p.linkExpiresAt ?? 0) <= now }
              : null,
          })),
          departments: departments.map((d) => ({ id: d.id, name: d.name, archivedAt: d.archivedAt, openTickets: Number(d.openTickets ?? 0), people: Number(d.people ?? 0) })),
        };
      },
    }),
  ];
}
