/**
 * The queue's column widths for the width it has (issue 21): what a dispatcher acts on is
 * never cut. The HotRush badge, number, status and turnaround have fixed widths; the subject
 * comes next, up to a width that shows a usual subject whole; account, type, department and
 * assignee share what is left (their text ends in an ellipsis, the full text in its title).
 * When even that does not leave the subject its room, Type and then Updated are left out.
 * A width the user dragged a column to replaces its track, within the column's bounds: the
 * urgent columns never below the width that shows them whole.
 */
import type { QueueColumn } from './QueueRow';

/** Widths in rem. */
const fixedRem: Partial<Record<QueueColumn, number>> = { Select: 1.5, HotRush: 4.9, Priority: 4.2, Number: 4.9, Status: 5.8, Turnaround: 9.6, Updated: 4.8 };
/** Shrinking columns: the least each keeps, and its share of the room left. */
const sharedRem: Partial<Record<QueueColumn, { min: number; share: number }>> = {
  Account: { min: 3, share: 1 },
  Type: { min: 2.5, share: 0.55 },
  Department: { min: 2.5, share: 0.8 },
  Assignee: { min: 2.5, share: 0.8 },
};
const subjectMinRem = 12;
/** About 65 characters: most subjects whole. */
const subjectWantRem = 34;
export const queueGapRem = 0.4;
export const queuePaddingRem = 0.75;
/** Left out first when the subject lacks room. */
const leftOutWhenNarrow: readonly QueueColumn[] = ['Type', 'Updated'];

/** Columns a user may resize (the checkbox and the HotRush badge keep theirs). */
export const resizableColumns: readonly QueueColumn[] = ['Priority', 'Number', 'Subject', 'Account', 'Type', 'Department', 'Assignee', 'Status', 'Turnaround', 'Updated'];
/** Urgent columns: what a dispatcher acts on, never cut, so never narrower than their own width. */
const urgentColumns: readonly QueueColumn[] = ['Priority', 'Number', 'Status', 'Turnaround'];
const maxColumnRem = 48;

/** The least and most a column may be resized to, in rem. */
export function columnBounds(c: QueueColumn): { min: number; max: number } {
  if (c === 'Subject') return { min: subjectMinRem, max: maxColumnRem };
  if (urgentColumns.includes(c)) return { min: fixedRem[c] ?? 2.5, max: maxColumnRem };
  return { min: sharedRem[c]?.min ?? 2.5, max: maxColumnRem };
}

/** A stored width brought within its column's bounds (a hand-edited or older store may hold anything). */
export function clampWidth(c: QueueColumn, rem: number): number {
  const { min, max } = columnBounds(c);
  return Math.round(Math.min(max, Math.max(min, rem)) * 10) / 10;
}

/** Widths (rem) the user set, by column. */
export type ColumnWidths = Record<string, number>;

export interface QueueLayout {
  columns: QueueColumn[];
  /** The grid-template-columns of the header and of every row. */
  template: string;
}

export function queueLayout(wanted: readonly QueueColumn[], widthRem: number, widths: ColumnWidths = {}): QueueLayout {
  let columns = [...wanted];
  const set = (c: QueueColumn): number | undefined => {
    const w = widths[c];
    return w === undefined || !resizableColumns.includes(c) || !Number.isFinite(w) ? undefined : clampWidth(c, w);
  };
  const room = (cols: readonly QueueColumn[]) => {
    const fixed = cols.reduce((sum, c) => sum + (c === 'Subject' ? 0 : (set(c) ?? fixedRem[c] ?? 0)), 0) + queueGapRem * (cols.length - 1) + 2 * queuePaddingRem;
    const othersMin = cols.reduce((sum, c) => sum + (set(c) === undefined ? (sharedRem[c]?.min ?? 0) : 0), 0);
    return widthRem - fixed - othersMin;
  };
  for (const c of leftOutWhenNarrow) {
    if (room(columns) >= subjectWantRem) break;
    if (columns.includes(c)) columns = columns.filter((x) => x !== c);
  }
  const free = room(columns);
  // Fixed tracks are filled before shared ones: the subject gets its room first, then, on a wide screen, half of the rest.
  const subjectMax = Math.max(subjectMinRem, Math.min(free, Math.max(subjectWantRem, free * 0.55)));
  const template = columns
    .map((c) => {
      const own = set(c);
      // The subject set by hand still yields to the screen down to its least; the others are as set.
      if (c === 'Subject') return own === undefined ? `minmax(${subjectMinRem}rem, ${round(subjectMax)}rem)` : `minmax(${subjectMinRem}rem, ${own}rem)`;
      if (own !== undefined) return `${own}rem`;
      const shared = sharedRem[c];
      if (shared) return `minmax(${shared.min}rem, ${shared.share}fr)`;
      return `${fixedRem[c]}rem`;
    })
    .join(' ');
  return { columns, template };
}

const round = (n: number) => Math.floor(n * 10) / 10;
