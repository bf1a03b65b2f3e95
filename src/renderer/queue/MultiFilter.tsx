/**
 * The queue's filters, each a button saying what it filters and what is chosen ("Status: New
 * or Open") that opens a popover of choices, one a line, each checkbox or radio inside its own
 * label. Native inputs, so Tab, Space and the arrows work as everywhere.
 */
import { useId } from 'react';
import { Popover } from '../shell/Popover';

export interface FilterOption<T> {
  value: T;
  label: string;
}

export function filterSummary<T>(anyLabel: string, options: readonly FilterOption<T>[], chosen: readonly T[] | undefined): string {
  if (!chosen?.length) return anyLabel;
  const labels = options.filter((o) => chosen.includes(o.value)).map((o) => o.label);
  return labels.length <= 2 ? labels.join(' or ') : `${labels.length} chosen`;
}

/** Several values of one field ("New or Open", "Tech support and Projects"). */
export function MultiFilter<T extends string | number>(p: {
  label: string;
  anyLabel: string;
  options: readonly FilterOption<T>[];
  chosen: readonly T[] | undefined;
  onChange(next: T[] | undefined): void;
}) {
  const chosen = p.chosen ?? [];
  const summary = filterSummary(p.anyLabel, p.options, p.chosen);
  const toggle = (value: T) => {
    const next = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
    p.onChange(next.length ? next : undefined);
  };
  return (
    <Popover
      className={chosen.length ? 'filter active' : 'filter'}
      buttonLabel={`${p.label}: ${summary}`}
      title={p.label}
      summary={
        <>
          <span className="filter-name">{p.label}:</span> {summary}
        </>
      }
    >
      <ul className="choices">
        {p.options.map((o) => (
          <li key={String(o.value)}>
            <label>
              <input type="checkbox" checked={chosen.includes(o.value)} onChange={() => toggle(o.value)} />
              <span>{o.label}</span>
            </label>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" disabled={chosen.length === 0} onClick={() => p.onChange(undefined)}>
        {chosen.length === 0 ? `${p.anyLabel} (nothing chosen)` : `Clear: ${p.anyLabel.toLowerCase()}`}
      </button>
    </Popover>
  );
}

/** One value of a field (assignee, sort). */
export function SingleFilter<T extends string>(p: { label: string; options: readonly FilterOption<T>[]; chosen: T; onChange(next: T): void }) {
  const name = useId();
  const summary = p.options.find((o) => o.value === p.chosen)?.label ?? p.options[0]?.label ?? '';
  return (
    <Popover className="filter" buttonLabel={`${p.label}: ${summary}`} title={p.label} summary={<><span className="filter-name">{p.label}:</span> {summary}</>}>
      <ul className="choices">
        {p.options.map((o) => (
          <li key={o.value}>
            <label>
              <input type="radio" name={name} checked={o.value === p.chosen} onChange={() => p.onChange(o.value)} />
              <span>{o.label}</span>
            </label>
          </li>
        ))}
      </ul>
    </Popover>
  );
}
