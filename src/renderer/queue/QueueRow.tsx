/** One ticket in the queue grid. Customer text (subject, company) is React text, never HTML. */
import { memo } from 'react';
import type { TicketSummary } from '../../shared/console/schemas';
import { formatAgo } from '../shell/timeText';
import { priorityLabels, statusLabels, typeLabels } from '../ticket/ticketLabels';
import { Turnaround } from './Turnaround';

export interface QueueRowProps {
  ticket: TicketSummary;
  rowIndex: number;
  focused: boolean;
  selected: boolean;
  now: number;
  departmentName: string;
  assigneeName: string;
  /** The columns shown, in order (a view leaves out what it makes obvious; the user may hide some). */
  columns: ReadonlySet<QueueColumn>;
  onOpen(id: number): void;
  onToggle(id: number, range: boolean): void;
}

export const queueColumns = ['Select', 'HotRush', 'Priority', 'Number', 'Subject', 'Account', 'Type', 'Department', 'Assignee', 'Status', 'Turnaround', 'Updated'] as const;
export type QueueColumn = (typeof queueColumns)[number];

/** Columns a user may hide (the rest are what a queue is worked by). */
export const hideableColumns: readonly QueueColumn[] = ['Account', 'Type', 'Department', 'Assignee', 'Status', 'Updated'];

export const QueueRow = memo(function QueueRow(p: QueueRowProps) {
  const t = p.ticket;
  const classes = ['queue-row', p.focused && 'focused', p.selected && 'selected', t.pending && 'pending', t.hotRush && 'hot'].filter(Boolean).join(' ');
  return (
    <div
      id={`ticket-row-${t.id}`}
      role="row"
      aria-rowindex={p.rowIndex + 2}
      aria-selected={p.selected}
      className={classes}
      onClick={() => p.onOpen(t.id)}
    >
      <span role="gridcell" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select #${t.number}`}
          checked={p.selected}
          // A click carries Shift (a range from the last one ticked); the change event does not.
          onClick={(e) => p.onToggle(t.id, e.shiftKey)}
          onChange={() => undefined}
        />
      </span>
      <span role="gridcell" className="hotrush-cell">{t.hotRush && <span className="badge hot-badge">HotRush</span>}</span>
      <span role="gridcell" className={`priority priority-${t.priority}`}>
        {priorityLabels[t.priority]}
      </span>
      <span role="gridcell" className="number">
        #{t.number}
      </span>
      <span role="gridcell" className="subject" title={t.subject}>
        {t.subject}
        {t.pending && (
          <span className="pending-mark" title="Changed here, not yet confirmed by the server">
            {' '}
            · syncing
          </span>
        )}
      </span>
      {p.columns.has('Account') && (
        <span role="gridcell" className="company" title={t.company ?? ''}>
          {t.company ?? ''}
        </span>
      )}
      {p.columns.has('Type') && <span role="gridcell" title={typeLabels[t.type]}>{typeLabels[t.type]}</span>}
      {p.columns.has('Department') && (
        <span role="gridcell" className="ellipsis" title={p.departmentName}>
          {p.departmentName}
        </span>
      )}
      {p.columns.has('Assignee') && (
        <span role="gridcell" className="ellipsis" title={p.assigneeName}>
          {p.assigneeName}
        </span>
      )}
      {p.columns.has('Status') && (
        <span role="gridcell" className={`status status-${t.status}`}>
          {statusLabels[t.status]}
        </span>
      )}
      <span role="gridcell" className="turnaround-cell">
        <Turnaround status={t.status} dueAt={t.dueAt} breachedAt={t.breachedAt} now={p.now} />
      </span>
      {p.columns.has('Updated') && (
        <span role="gridcell" className="updated" title={new Date(t.updatedAt).toLocaleString()}>
          {formatAgo(t.updatedAt, p.now)}
        </span>
      )}
    </div>
  );
});
