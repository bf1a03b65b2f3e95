/**
 * A queue view: its title and count, filters and sort, the columns shown, actions on the
 * selection (floating, so the grid never moves), and the grid.
 */
import { useEffect, useMemo } from 'react';
import type { QueueViewId, SessionInfo } from '../../shared/console/schemas';
import { useViews } from '../api/reads';
import { useUi } from '../shell/uiStore';
import { BulkActions } from './BulkActions';
import { QueueFilterBar } from './QueueFilterBar';
import { QueueGrid } from './QueueGrid';
import { hideableColumns, queueColumns, type QueueColumn } from './QueueRow';
import { useConsolePrefs } from '../shell/consolePrefs';
import { Popover } from '../shell/Popover';
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

  const [consolePrefs, setConsolePrefs] = useConsolePrefs(session.user.id);
  const hidden = consolePrefs.hiddenColumns;
  const columns = useMemo(() => shownColumns(view, hidden), [view, hidden]);

  useEffect(() => saveLastView(session, view), [session, view]);
  // Holes (pages not read yet) stay holes: j/k may move onto them, and their page is read.
  const ids = useMemo(() => list.rows.map((r) => r?.id) as number[], [list.rows]);
  useEffect(() => setQueueOrder(ids), [ids, setQueueOrder]);
  // Selected tickets that left the view (closed, forwarded) stay selected only while in sight.
  const selectedIds = useMemo(() => ids.filter((id) => id !== undefined && selection.has(id)), [ids, selection]);

  return (
    <section className="queue-screen" aria-labelledby="queue-title">
      <header className="screen-header">
        <h1 id="queue-title">
          {title} {info && <span className="count">{filtered ? `${list.total} of ${info.count}` : info.count}</span>}
        </h1>
        <QueueFilterBar prefs={prefs} onChange={setPrefs} />
        <ColumnChooser
          hidden={hidden}
          onChange={(hiddenColumns) => setConsolePrefs({ hiddenColumns })}
          resized={Object.keys(consolePrefs.columnWidths).length > 0}
          onResetWidths={() => setConsolePrefs({ columnWidths: {} })}
        />
      </header>
      {selectedIds.length > 0 && <BulkActions ids={selectedIds} />}
      {list.error && <p role="alert">{list.error.message}</p>}
      {list.isSuccess && list.rows.length === 0 && <p className="empty">{filtered ? 'No tickets match these filters.' : 'No tickets here. Nice work.'}</p>}
      <QueueGrid
        label={title}
        rows={list.rows}
        showRange={list.showRange}
        columns={columns}
        widths={consolePrefs.columnWidths}
        onWidths={(columnWidths) => setConsolePrefs({ columnWidths })}
      />
    </section>
  );
}

/** The columns of a view: "My tickets" has no Assignee (always me), a department's queue no Department; then what the user hid. */
export function shownColumns(view: QueueViewId, hidden: readonly string[]): QueueColumn[] {
  const implied: QueueColumn | null = view === 'mine' ? 'Assignee' : view.startsWith('department:') ? 'Department' : null;
  return queueColumns.filter((c) => c !== implied && !(hideableColumns.includes(c) && hidden.includes(c)));
}

/** "Columns": show or hide the columns that may go, kept for this person. */
function ColumnChooser(p: { hidden: readonly string[]; onChange(hidden: string[]): void; resized: boolean; onResetWidths(): void }) {
  const { hidden, onChange } = p;
  return (
    // Opens to the right: the button sits at the header's left, where a panel opening leftwards
    // was cut off by the main area and left its choices under the sidebar, out of reach.
    <Popover className="column-chooser" summary="Columns" title="Columns shown" align="start">
      <ul className="choices">
        {hideableColumns.map((c) => (
          <li key={c}>
            <label>
              <input type="checkbox" checked={!hidden.includes(c)} onChange={(e) => onChange(e.target.checked ? hidden.filter((h) => h !== c) : [...hidden, c])} />
              <span>{c}</span>
            </label>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" disabled={!p.resized} onClick={p.onResetWidths}>
        {p.resized ? 'Automatic widths' : 'Automatic widths (none resized)'}
      </button>
    </Popover>
  );
}
