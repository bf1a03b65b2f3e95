/** A queue view: its title and count, filters and sort, actions on the selection, and the grid. */
import { useEffect, useMemo } from 'react';
import type { QueueViewId, SessionInfo } from '../../shared/console/schemas';
import { useViews } from '../api/reads';
import { useUi } from '../shell/uiStore';
import { BulkActions } from './BulkActions';
import { QueueFilterBar } from './QueueFilterBar';
import { QueueGrid } from './QueueGrid';
import { saveLastView, useViewPrefs } from './queuePrefs';
import { activeFilters, useQueueRows } from './useQueueRows';

export function QueueScreen({ session, view }: { session: SessionInfo; view: QueueViewId }) {
  const views = useViews();
  const [prefs, setPrefs] = useViewPrefs(session, view);
  const list = useQueueRows(view, prefs);
  const selection = useUi((s) => s.selection);
  const setQueueOrder = useUi((s) => s.setQueueOrder);
  const info = views.data?.find((v) => v.id === view);
  const title = info?.label ?? 'Queue';
  const filtered = Object.keys(activeFilters(prefs.filters)).length > 0;

  useEffect(() => saveLastView(session, view), [session, view]);
  const ids = useMemo(() => list.rows.map((r) => r.id), [list.rows]);
  useEffect(() => setQueueOrder(ids), [ids, setQueueOrder]);
  // Selected tickets that left the view (closed, forwarded) stay selected only while in sight.
  const selectedIds = useMemo(() => ids.filter((id) => selection.has(id)), [ids, selection]);

  return (
    <section className="queue-screen" aria-labelledby="queue-title">
      <header className="screen-header">
        <h1 id="queue-title">
          {title} {info && <span className="count">{filtered ? `${list.rows.length}${list.hasNextPage ? '+' : ''} of ${info.count}` : info.count}</span>}
        </h1>
        <QueueFilterBar prefs={prefs} onChange={setPrefs} />
      </header>
      {selectedIds.length > 0 && <BulkActions ids={selectedIds} />}
      {list.isError && <p role="alert">{list.error.message}</p>}
      {list.isSuccess && list.rows.length === 0 && <p className="empty">{filtered ? 'No tickets match these filters.' : 'No tickets here. Nice work.'}</p>}
      <QueueGrid
        label={title}
        rows={list.rows}
        total={filtered ? undefined : info?.count}
        hasMore={list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        loadMore={() => void list.fetchNextPage()}
      />
    </section>
  );
}
