/** Filters and sort of a queue view; every change is saved for this user (queuePrefs.ts). */
import { useEffect, useRef, useState } from 'react';
import type { QueueFilters, QueueSort } from '../../shared/console/schemas';
import type { Priority, TicketStatus, TicketType } from '../../shared/domain/model';
import { useDirectory, useMe } from '../api/reads';
import { classifiableTypes, priorities, priorityLabels, statusLabels, statuses, typeLabels } from '../ticket/ticketLabels';
import type { ViewPrefs } from './queuePrefs';

const sortLabels: Record<QueueSort, string> = { queue: 'Queue order', updated: 'Latest activity', newest: 'Newest first', oldest: 'Oldest first' };

/** One choice of a list filter as a select: "" is any. */
function pick<T extends string | number>(values: readonly T[] | undefined): string {
  return values?.length === 1 ? String(values[0]) : '';
}

export function QueueFilterBar({ prefs, onChange }: { prefs: ViewPrefs; onChange: (next: ViewPrefs) => void }) {
  const dir = useDirectory().data;
  const me = useMe();
  const f = prefs.filters;
  const set = (patch: Partial<QueueFilters>) => onChange({ ...prefs, filters: { ...f, ...patch } });
  // Typing filters after a pause: each keystroke would refetch the queue.
  const [text, setText] = useState(f.text ?? '');
  const saved = f.text ?? '';
  useEffect(() => setText(saved), [saved]);
  const latestSet = useRef(set);
  latestSet.current = set;
  useEffect(() => {
    if (text === saved) return;
    const t = setTimeout(() => latestSet.current({ text: text || undefined }), 250);
    return () => clearTimeout(t);
  }, [text, saved]);
  const assignee = f.assignee === undefined ? '' : f.assignee === null ? 'none' : String(f.assignee);
  const hasFilters = Object.keys(f).some((k) => f[k as keyof QueueFilters] !== undefined);

  return (
    <div className="filter-bar" role="group" aria-label="Filters and sort">
      <input
        type="search"
        aria-label="Filter by words"
        placeholder="Filter by words…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      />
      <select aria-label="Status" value={pick(f.status)} onChange={(e) => set({ status: e.target.value ? [e.target.value as TicketStatus] : undefined })}>
        <option value="">Any status</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {statusLabels[s]}
          </option>
        ))}
      </select>
      <select aria-label="Type" value={pick(f.type)} onChange={(e) => set({ type: e.target.value ? [e.target.value as TicketType] : undefined })}>
        <option value="">Any type</option>
        {classifiableTypes.map((t) => (
          <option key={t} value={t}>
            {typeLabels[t]}
          </option>
        ))}
      </select>
      <select aria-label="Department" value={pick(f.department)} onChange={(e) => set({ department: e.target.value ? [Number(e.target.value)] : undefined })}>
        <option value="">Any department</option>
        {dir?.departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <select aria-label="Priority" value={pick(f.priority)} onChange={(e) => set({ priority: e.target.value ? [e.target.value as Priority] : undefined })}>
        <option value="">Any priority</option>
        {priorities.map((p) => (
          <option key={p} value={p}>
            {priorityLabels[p]}
          </option>
        ))}
      </select>
      <select
        aria-label="Assignee"
        value={assignee}
        onChange={(e) => set({ assignee: e.target.value === '' ? undefined : e.target.value === 'none' ? null : Number(e.target.value) })}
      >
        <option value="">Anyone</option>
        <option value="none">Unassigned</option>
        <option value={me.id}>Me</option>
        {dir?.staff
          .filter((s) => s.id !== me.id)
          .map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
      </select>
      <select aria-label="Sort" value={prefs.sort} onChange={(e) => onChange({ ...prefs, sort: e.target.value as QueueSort })}>
        {Object.entries(sortLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {hasFilters && (
        <button type="button" onClick={() => onChange({ ...prefs, filters: {} })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
