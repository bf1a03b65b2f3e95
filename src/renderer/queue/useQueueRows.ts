/**
 * A queue view's rows as a window onto the whole view: its length comes from a count, and
 * the pages in sight are read by offset, so the grid's scrollbar spans every ticket of the
 * view (100k of them) and dragging it to the end reads only the last page. Pages read before
 * stay shown while they refresh; pages never read are holes the grid shows as loading rows.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { QueueFilters, QueueViewId, TicketSummary } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import type { ViewPrefs } from './queuePrefs';

export const queuePageSize = 200;

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

/** The pages a range of row indexes touches. */
export function pagesFor(first: number, last: number, pageSize = queuePageSize): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.max(0, first) / pageSize); p <= Math.floor(Math.max(0, last) / pageSize); p++) out.push(p);
  return out;
}

/** The rows of the pages read so far, at their places in the view; unread places are holes. */
export function placeRows(total: number, pages: ReadonlyMap<number, readonly TicketSummary[]>, pageSize = queuePageSize): Array<TicketSummary | undefined> {
  const rows = new Array<TicketSummary | undefined>(total);
  for (const [p, items] of pages) {
    items.forEach((t, i) => {
      if (p * pageSize + i < total) rows[p * pageSize + i] = t;
    });
  }
  return rows;
}

export function useQueueRows(view: QueueViewId, prefs: ViewPrefs) {
  const filters = activeFilters(prefs.filters);
  const base = { view, filters, sort: prefs.sort };
  const count = useQuery({ queryKey: queryKey('queue.count', { view, filters }), queryFn: () => consoleClient().queue.count({ view, filters }) });
  const [wanted, setWanted] = useState<number[]>([0]);
  const results = useQueries({
    queries: wanted.map((p) => {
      const input = { ...base, offset: p * queuePageSize, limit: queuePageSize };
      return { queryKey: queryKey('queue.list', input), queryFn: () => consoleClient().queue.list(input) };
    }),
  });
  // Every page read so far for this view and these filters, kept while it is out of sight.
  const [seen] = useState(() => new Map<string, Map<number, TicketSummary[]>>());
  const seenKey = JSON.stringify(base);
  const pages = seen.get(seenKey) ?? new Map<number, TicketSummary[]>();
  seen.set(seenKey, pages);
  results.forEach((r, i) => {
    if (r.data) pages.set(wanted[i]!, r.data.items);
  });
  const total = count.data?.count ?? results[0]?.data?.items.length ?? 0;
  const dataStamp = results.map((r) => r.dataUpdatedAt).join(',');
  const rows = useMemo(() => placeRows(total, pages, queuePageSize), [total, pages, dataStamp]);
  const showRange = useCallback((first: number, last: number) => {
    const next = pagesFor(first, last);
    setWanted((prev) => (prev.length === next.length && prev.every((p, i) => p === next[i]) ? prev : next));
  }, []);
  const error = count.error ?? results.find((r) => r.error)?.error ?? null;
  return { rows, total, count, showRange, error, isSuccess: count.isSuccess && results.every((r) => r.isSuccess) };
}
