/**
 * The drag handle on a queue column's right edge: a focusable separator (the ARIA window
 * splitter), so a column is resized with the mouse or the keyboard alike. Arrows change it by
 * half a rem (Shift: 2 rem), Home and End go to its bounds, Enter or a double click gives the
 * width back to the automatic layout. A drag shows live and is saved when released.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { QueueColumn } from './QueueRow';
import { clampWidth, columnBounds } from './queueLayout';

export interface ColumnResizerProps {
  column: QueueColumn;
  /** The column's width now, in rem (as laid out). */
  widthRem: number;
  /** A width while dragging (not saved yet). */
  onDrag(column: QueueColumn, rem: number): void;
  /** A width to keep; null: back to automatic. */
  onCommit(column: QueueColumn, rem: number | null): void;
}

export const remPx = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;

export function ColumnResizer({ column, widthRem, onDrag, onCommit }: ColumnResizerProps) {
  const drag = useRef<{ x: number; start: number; last: number } | null>(null);
  const { min, max } = columnBounds(column);

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 2 : 0.5;
    const to =
      e.key === 'ArrowRight' ? widthRem + step : e.key === 'ArrowLeft' ? widthRem - step : e.key === 'Home' ? min : e.key === 'End' ? max : e.key === 'Enter' ? null : undefined;
    if (to === undefined) return;
    // The column's keys only: the queue's own shortcuts do not see them.
    e.preventDefault();
    e.stopPropagation();
    onCommit(column, to === null ? null : clampWidth(column, to));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, start: widthRem, last: widthRem };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    d.last = clampWidth(column, d.start + (e.clientX - d.x) / remPx());
    onDrag(column, d.last);
  };
  const end = () => {
    const d = drag.current;
    drag.current = null;
    if (d && d.last !== d.start) onCommit(column, d.last);
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${column}`}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={Math.round(widthRem * 10) / 10}
      aria-valuetext={`${Math.round(widthRem * 10) / 10} rem wide`}
      tabIndex={0}
      title={`Drag or use the arrow keys to resize ${column}; Enter or double-click for the automatic width`}
      className="column-resizer"
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onLostPointerCapture={end}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={() => onCommit(column, null)}
    />
  );
}
