/**
 * The admin's Team, Departments and Audit screens: changes are local actions of the sync
 * engine (pushed through /api/sync/push, refused there for other roles); the team, the
 * invitations and the audit log are read from the server directly (online only), since they
 * are the admin's alone and not part of the synced rows.
 */
import type { Handlers } from '../../../shared/console/consoleApi';
import { ConsoleError } from '../consoleErrors';
import { exportAudit, readAudit, readTeam } from '../staffApi';
import type { HandlerContext } from './handlerContext';
import { performAction } from './performAction';

type StaffOperation =
  | 'staff.invite' | 'staff.resendInvitation' | 'staff.cancelInvitation' | 'staff.update' | 'staff.deactivate' | 'staff.reactivate' | 'staff.resetTwoFactor'
  | 'department.create' | 'department.rename' | 'department.archive' | 'team.list' | 'audit.query' | 'audit.exportCsv';

/** Says why an offline console cannot show the team or the audit log. */
export async function online<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ConsoleError && err.body.code === 'server_unreachable') throw new ConsoleError({ code: 'server_unreachable', message: `${what} lives on the server; connect to see it (${err.body.message})` });
    throw err;
  }
}

export function staffHandlers(ctx: HandlerContext): Pick<Handlers, StaffOperation> {
  const act = performAction(ctx);
  const stored = () => ctx.sessions.require().stored;
  return {
    'staff.invite': act('staff.invite'),
    'staff.resendInvitation': act('staff.resendInvitation'),
    'staff.cancelInvitation': act('staff.cancelInvitation'),
    'staff.update': act('staff.update'),
    'staff.deactivate': act('staff.deactivate'),
    'staff.reactivate': act('staff.reactivate'),
    'staff.resetTwoFactor': act('staff.resetTwoFactor'),
    'department.create': act('department.create'),
    'department.rename': act('department.rename'),
    'department.archive': act('department.archive'),
    'team.list': () => online('the team', () => readTeam(ctx.fetch, stored().serverUrl, stored().token)),
    'audit.query': (filters) => online('the audit log', () => readAudit(ctx.fetch, stored().serverUrl, stored().token, filters)),
    'audit.exportCsv': async (filters) => {
      const csv = await online('the audit log', () => exportAudit(ctx.fetch, stored().serverUrl, stored().token, filters));
      return { csv, fileName: `audit-${new Date(ctx.now()).toISOString().slice(0, 10)}.csv` };
    },
  };
}
