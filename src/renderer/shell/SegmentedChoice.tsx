/** A few exclusive choices side by side (search order, dashboard range): native radios, so the arrows move between them. */
import { useId } from 'react';

export function SegmentedChoice<T extends string | number>(p: { label: string; options: ReadonlyArray<{ value: T; label: string }>; chosen: T; onChange(next: T): void }) {
  const name = useId();
  return (
    <fieldset className="segmented" aria-label={p.label}>
      <legend className="visually-hidden">{p.label}</legend>
      {p.options.map((o) => (
        <label key={String(o.value)}>
          <input type="radio" name={name} checked={p.chosen === o.value} onChange={() => p.onChange(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
