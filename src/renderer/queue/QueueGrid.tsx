/**
 * The queue as a virtualized grid: only the rows in sight are in the DOM, so a view of 100k
 * tickets scrolls like one of fifty. The grid is as long as the whole view; the pages in sight
 * are read as they come into view (useQueueRows). The row cursor (j/k) is the grid's active
 * descendant, so screen readers follow it without moving the focus.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import type { TicketSummary } from '../../shared/console/schemas';
import { useDepartmentNames, useStaffNames } from '../api/reads';
import { useNow } from '../shell/useNow';
import { useFocusRequest, useUi } from '../shell/uiStore';
import { QueueRow, type QueueColumn } from './QueueRow';
import { ColumnResizer, remPx } from './ColumnResizer';
import { queueLayout, resizableColumns, type ColumnWidths } from './queueLayout';

const rowHeight = 34;

export interface QueueGridProps {
  label: string;
  /** The whole view: read rows at their places, holes where a page is still being read. */
  rows: Array<TicketSummary | undefined>;
  /** The rows in sight changed (indexes, overscan included): read their pages. */
  showRange(first: number, last: number): void;
  /** The columns shown (queueLayout sizes them). */
  columns: readonly QueueColumn[];
  /** Widths the user set (rem), and a setter that keeps them for this user. */
  widths?: ColumnWidths;
  onWidths?(next: ColumnWidths): void;
}

/** The element's width in rem, kept current as the window or the sidebar changes. */
function useWidthRem(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(80);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth / remPx());
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

const noWidths: ColumnWidths = {};

/** The header cells' widths in rem as laid out, for the resize handles. */
function useHeaderWidths(ref: RefObject<HTMLElement | null>, template: string, widthRem: number): Record<string, number> {
  const [measured, setMeasured] = useState<Record<string, number>>({});
  useLayoutEffect(() => {
    const head = ref.current;
    if (!head) return;
    const rem = remPx();
    const next: Record<string, number> = {};
    for (const el of head.querySelectorAll<HTMLElement>('[data-column]')) next[el.dataset.column!] = Math.round((el.getBoundingClientRect().width / rem) * 10) / 10;
    setMeasured((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [ref, template, widthRem]);
  return measured;
}

export function QueueGrid({ label, rows, showRange, columns, widths = noWidths, onWidths }: QueueGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  // The keyboard comes back to the grid (after the bulk bar, a footer button), so Enter opens the ticket under the cursor.
  useFocusRequest('queue', () => gridRef.current?.focus());
  const cursor = useUi((s) => s.cursor);
  const selection = useUi((s) => s.selection);
  const openTicket = useUi((s) => s.openTicket);
  const toggleSelected = useUi((s) => s.toggleSelected);
  const moveCursor = useUi((s) => s.moveCursor);
  const now = useNow();
  const department = useDepartmentNames();
  const staff = useStaffNames();

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => showRange(firstIndex, lastIndex), [firstIndex, lastIndex, showRange]);
  // Keep the cursor in sight when it moves (j/k, or back from a ticket), once its row has
  // loaded; pages loading under a mouse scroll must not pull the view back to it.
  const shownCursor = useRef(-1);
  useEffect(() => {
    if (cursor === shownCursor.current || cursor >= rows.length) return;
    // The cursor's row may be a hole: scrolling there reads its page.
    shownCursor.current = cursor;
    virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, rows.length, virtualizer]);

  const onOpen = useCallback(
    (id: number) => {
      moveCursor(rows.findIndex((r) => r?.id === id));
      openTicket(id);
    },
    [rows, moveCursor, openTicket],
  );
  const focused = rows[cursor];
  // The rows' own width (inside the scroll area, its scrollbar left out).
  const widthRem = useWidthRem(scrollRef);
  // A drag shows live from its own widths; released, they are saved and the prop takes over.
  const [dragged, setDragged] = useState<ColumnWidths | null>(null);
  const shownWidths = dragged ?? widths;
  const layout = useMemo(() => queueLayout(columns, widthRem, shownWidths), [columns, widthRem, shownWidths]);
  const headRef = useRef<HTMLDivElement>(null);
  const measured = useHeaderWidths(headRef, layout.template, widthRem);
  const onDrag = useCallback((c: QueueColumn, rem: number) => setDragged((d) => ({ ...(d ?? widths), [c]: rem })), [widths]);
  const onCommit = useCallback(
    (c: QueueColumn, rem: number | null) => {
      setDragged(null);
      const next = { ...widths };
      if (rem === null) delete next[c];
      else next[c] = rem;
      onWidths?.(next);
    },
    [widths, onWidths],
  );
  const shown = useMemo(() => new Set(layout.columns), [layout.columns]);
  // One template for the header and every row (each row is its own grid), through a custom property.
  const template = useMemo(() => ({ '--queue-columns': layout.template }) as CSSProperties, [layout.template]);

  return (
    <div
      ref={gridRef}
      className="queue-grid tickets"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={focused ? `ticket-row-${focused.id}` : undefined}
      tabIndex={0}
      style={template}
    >
      <div role="rowgroup" className="queue-head">
        <div ref={headRef} role="row" aria-rowindex={1} className="queue-row head">
          {layout.columns.map((c) => (
            <span key={c} role="columnheader" aria-label={c} data-column={c}>
              {c === 'Select' || c === 'HotRush' ? '' : c}
              {onWidths && resizableColumns.includes(c) && <ColumnResizer column={c} widthRem={measured[c] ?? 0} onDrag={onDrag} onCommit={onCommit} />}
            </span>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="queue-scroll" role="rowgroup">
        <div className="queue-space" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const t = rows[item.index];
            return (
              <div key={item.key} className="queue-slot" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {t ? (
                  <QueueRow
                    ticket={t}
                    rowIndex={item.index}
                    focused={item.index === cursor}
                    selected={selection.has(t.id)}
                    now={now}
                    departmentName={department(t.departmentId)}
                    assigneeName={staff(t.assigneeId)}
                    columns={shown}
                    onOpen={onOpen}
                    onToggle={toggleSelected}
                  />
                ) : (
                  <div role="row" aria-rowindex={item.index + 2} className="queue-row loading-row">
                    <span role="gridcell">Loading…</span>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
