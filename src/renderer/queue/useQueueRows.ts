/**
 * A queue view's rows, a page at a time (keyset pages from the cache), as one flat list for
 * the virtualized grid; the grid asks for the next page as it scrolls near the end.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { QueueFilters, QueuePage, QueueViewId } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import type { ViewPrefs } from './queuePrefs';

export const queuePageSize = 200;

type Cursor = QueuePage['nextCursor'];

/** Drops empty filters, so "no filter" is one query key, whatever the controls hold. */
export function activeFilters(f: QueueFilters): QueueFilters {
  const out: QueueFilters = {};
  if (f.status?.length) out.status = f.status;
  if (f.type?.length) out.type = f.type;
  if (f.department?.length) out.department = f.department;
  if (f.priority?.length) out.priority = f.priority;
  if (f.assignee !== undefined) out.assignee = f.assignee;
  if (f.account !== undefined) out.account = f.account;
  if (f.text?.trim()) out.text = f.text.trim();
  return out;
}

export function useQueueRows(view: QueueViewId, prefs: ViewPrefs) {
  const input = { view, filters: activeFilters(prefs.filters), sort: prefs.sort };
  const query = useInfiniteQuery({
    queryKey: queryKey('queue.list', input),
    queryFn: ({ pageParam }) => consoleClient().queue.list({ ...input, cursor: pageParam, limit: queuePageSize }),
    initialPageParam: null as Cursor,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, rows };
}
