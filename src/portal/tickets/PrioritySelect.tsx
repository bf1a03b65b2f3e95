/** The Priority drop-down in the help page's words; Field's id and aria-* props reach the select. */
import type { SelectHTMLAttributes } from 'react';
import type { Priority } from '../../shared/domain/model';
import { priorities, priorityLabels } from './ticketListLabels';

export function PrioritySelect({ value, onChange, ...rest }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & { value: Priority; onChange(p: Priority): void }) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as Priority)}>
      {priorities.map((p) => (
        <option key={p} value={p}>
          {priorityLabels[p]}
        </option>
      ))}
    </select>
  );
}
