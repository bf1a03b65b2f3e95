/** Filters and sort of a queue view; every change is saved for this user (queuePrefs.ts). */
import { useEffect, useRef, useState } from 'react';
import type { QueueFilters, QueueSort } from '../../shared/console/schemas';
import { useDirectory, useMe } from '../api/reads';
import { classifiableTypes, priorities, priorityLabels, statusLabels, statuses, typeLabels } from '../ticket/ticketLabels';
import { MultiFilter, SingleFilter } from './MultiFilter';
import type { ViewPrefs } from './queuePrefs';

const sortLabels: Record<QueueSort, string> = { queue: 'Queue order', updated: 'Latest activity', newest: 'Newest first', oldest: 'Oldest first' };

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
      <MultiFilter label="Status" anyLabel="Any status" options={statuses.map((v) => ({ value: v, label: statusLabels[v] }))} chosen={f.status} onChange={(status) => set({ status })} />
      <MultiFilter label="Type" anyLabel="Any type" options={classifiableTypes.map((v) => ({ value: v, label: typeLabels[v] }))} chosen={f.type} onChange={(type) => set({ type })} />
      <MultiFilter
        label="Department"
        anyLabel="Any department"
        options={(dir?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
        chosen={f.department}
        onChange={(department) => set({ department })}
      />
      <MultiFilter label="Priority" anyLabel="Any priority" options={priorities.map((v) => ({ value: v, label: priorityLabels[v] }))} chosen={f.priority} onChange={(priority) => set({ priority })} />
      <SingleFilter
        label="Assignee"
        chosen={assignee}
        onChange={(v) => set({ assignee: v === '' ? undefined : v === 'none' ? null : Number(v) })}
        options={[
          { value: '', label: 'Anyone' },
          { value: 'none', label: 'Unassigned' },
          { value: String(me.id), label: 'Me' },
          ...(dir?.staff.filter((s) => s.id !== me.id).map((s) => ({ value: String(s.id), label: s.name })) ?? []),
        ]}
      />
      <SingleFilter label="Sort" chosen={prefs.sort} onChange={(sort) => onChange({ ...prefs, sort })} options={Object.entries(sortLabels).map(([value, label]) => ({ value: value as QueueSort, label }))} />
      {hasFilters && (
        <button type="button" onClick={() => onChange({ ...prefs, filters: {} })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
