/**
 * A wide table's frame: on a narrow screen the table scrolls inside it instead of widening the
 * page. It is focusable and named, so a keyboard user can scroll it too (axe:
 * scrollable-region-focusable).
 */
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
