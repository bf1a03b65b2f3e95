/** Queue views with counts, and queue pages, read from the cache (src/main/tickets/queues.ts). */
import type { Handlers } from '../../shared/console/consoleApi';
import type { QueueFilters as ContractFilters, QueueViewId, QueueViewInfo, SessionUser } from '../../shared/console/schemas';
import { seesAllTickets } from '../../shared/tickets/permissions';
import type { CacheReader } from '../cache/cacheDatabase';
import { countQueue, queryQueue, type QueueFilters, type QueueView } from './queues';
import { querySortedQueue } from './sortedQueue';
import type { HandlerContext } from '../console/handlers/handlerContext';

/** The contract's view id as the cache's view, filled in with who and when. */
export function queueViewOf(id: QueueViewId, userId: number, now: number): QueueView {
  switch (id) {
    case 'inbox':
      return { kind: 'inbox' };
    case 'mine':
      return { kind: 'mine', userId };
    case 'hotRush':
      return { kind: 'hotRush' };
    case 'breaching':
      return { kind: 'breaching', now };
    case 'preClosed':
      return { kind: 'preClosed' };
    case 'all':
      return { kind: 'all' };
    default:
      // What is left of the union is `department:<id>`.
      return { kind: 'department', departmentId: Number(id.slice('department:'.length)) };
  }
}

function cacheFilters(f: ContractFilters | undefined): QueueFilters | undefined {
  if (!f) return undefined;
  return {
    status: f.status,
    type: f.type,
    departmentId: f.department,
    priority: f.priority,
    assigneeId: f.assignee,
    accountId: f.account,
    text: f.text?.trim() ? f.text : undefined,
  };
}

/** The views a user works from: dispatchers and admins see the inbox and every department, others their own departments. */
export function viewsFor(r: CacheReader, user: SessionUser): Array<{ id: QueueViewId; label: string }> {
  const departments = r.statement('SELECT id, name FROM departments ORDER BY name').all() as Array<{ id: number; name: string }>;
  const all = seesAllTickets(user.role);
  const mine = departments.filter((d) => all || user.departmentIds.includes(d.id));
  const view = (id: QueueViewId, label: string) => ({ id, label });
  return [
    ...(all ? [view('inbox', 'Dispatch inbox')] : []),
    view('mine', 'My tickets'),
    view('hotRush', 'HotRush'),
    view('breaching', 'Breaching within 1h'),
    ...mine.map((d) => view(`department:${d.id}`, d.name)),
    view('preClosed', 'Pre-closed'),
    view('all', all ? 'All tickets' : 'All my departments'),
  ];
}

export function queueHandlers(ctx: HandlerContext): Pick<Handlers, 'queue.views' | 'queue.list' | 'queue.count'> {
  return {
    'queue.views': async () => {
      const s = ctx.sessions.require();
      const r = s.cache.reader;
      const now = ctx.now();
      return viewsFor(r, s.info.user).map((v): QueueViewInfo => ({ ...v, count: countQueue(r, queueViewOf(v.id, s.info.user.id, now)) }));
    },
    'queue.list': async (input) => {
      const s = ctx.sessions.require();
      const view = queueViewOf(input.view, s.info.user.id, ctx.now());
      const filters = cacheFilters(input.filters);
      const cursor = input.cursor ?? undefined;
      if (input.sort !== 'queue') {
        // A queue-order cursor means nothing in another order: start from the top.
        const after = cursor && 'key' in cursor ? cursor : undefined;
        const page = querySortedQueue(s.cache.reader, view, { sort: input.sort, filters, after, limit: input.limit, offset: input.offset });
        return { items: page.items, nextCursor: page.next };
      }
      const after = cursor && 'hot' in cursor ? cursor : undefined;
      const page = queryQueue(s.cache.reader, view, { filters, after, limit: input.limit, offset: after ? undefined : input.offset });
      return { items: page.items, nextCursor: page.next };
    },
    'queue.count': async (input) => {
      const s = ctx.sessions.require();
      return { count: countQueue(s.cache.reader, queueViewOf(input.view, s.info.user.id, ctx.now()), cacheFilters(input.filters)) };
    },
  };
}
