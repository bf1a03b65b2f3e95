/**
 * A list filter that takes several values ("New or Open", "Tech support and Projects"): a
 * disclosure with one checkbox per value. Native <details> and checkboxes, so it works with
 * the keyboard and screen readers without custom key handling.
 */
export interface FilterOption<T> {
  value: T;
  label: string;
}

export function filterSummary<T>(anyLabel: string, options: readonly FilterOption<T>[], chosen: readonly T[] | undefined): string {
  if (!chosen?.length) return anyLabel;
  const labels = options.filter((o) => chosen.includes(o.value)).map((o) => o.label);
  return labels.length <= 2 ? labels.join(' or ') : `${labels.length} chosen`;
}

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
    <details className="multi-filter">
      <summary aria-label={`${p.label}: ${summary}`}>{summary}</summary>
      <fieldset>
        <legend>{p.label}</legend>
        {p.options.map((o) => (
          <label key={String(o.value)}>
            <input type="checkbox" checked={chosen.includes(o.value)} onChange={() => toggle(o.value)} /> {o.label}
          </label>
        ))}
        {chosen.length > 0 && (
          <button type="button" onClick={() => p.onChange(undefined)}>
            {p.anyLabel}
          </button>
        )}
      </fieldset>
    </details>
  );
}
