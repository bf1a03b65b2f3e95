/**
 * Each user's filters and sort per queue view, and the view they were on, kept in
 * localStorage under the server and user, so a restart opens the queue as it was left and two
 * people sharing a machine keep their own. Stored data is validated on the way back in.
 */
import { useCallback, useState } from 'react';
import { z } from 'zod';
import { QueueFilters, QueueSort, QueueViewId, type SessionInfo } from '../../shared/console/schemas';
import { loadStored, saveStored } from '../shell/storedJson';

const ViewPrefs = z.object({ filters: QueueFilters, sort: QueueSort });
export type ViewPrefs = z.infer<typeof ViewPrefs>;

const StoredPrefs = z.object({ lastView: QueueViewId.nullable(), views: z.record(z.string(), ViewPrefs) });
type StoredPrefs = z.infer<typeof StoredPrefs>;

export const defaultViewPrefs: ViewPrefs = { filters: {}, sort: 'queue' };

const storageKey = (session: SessionInfo) => `switchboard.queuePrefs.${session.serverUrl}.${session.user.id}`;

export function loadQueuePrefs(session: SessionInfo): StoredPrefs {
  return loadStored(storageKey(session), StoredPrefs) ?? { lastView: null, views: {} };
}

function saveQueuePrefs(session: SessionInfo, prefs: StoredPrefs): void {
  saveStored(storageKey(session), prefs);
}

/** The view's prefs and a setter that saves them. */
export function useViewPrefs(session: SessionInfo, view: string): [ViewPrefs, (next: ViewPrefs) => void] {
  const [views, setViews] = useState(() => loadQueuePrefs(session).views);
  const update = useCallback(
    (next: ViewPrefs) => {
      // Read again before writing: the last view is saved separately.
      const fresh = loadQueuePrefs(session);
      const merged = { ...fresh, views: { ...fresh.views, [view]: next } };
      saveQueuePrefs(session, merged);
      setViews(merged.views);
    },
    [session, view],
  );
  return [views[view] ?? defaultViewPrefs, update];
}

export function saveLastView(session: SessionInfo, view: string): void {
  const prefs = loadQueuePrefs(session);
  const parsed = QueueViewId.safeParse(view);
  if (parsed.success && prefs.lastView !== parsed.data) saveQueuePrefs(session, { ...prefs, lastView: parsed.data });
}
