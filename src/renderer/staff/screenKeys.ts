/**
 * Single-key shortcuts of the admin screens (Team, Departments, Audit): a key press outside
 * any text field or dialog goes to `onKey`; true means it was handled. The table stays the
 * cursor's (j/k), forms keep their letters.
 */
import { useEffect } from 'react';

export function useScreenKeys(onKey: (key: string) => boolean): void {
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.closest('input, textarea, select, [role="dialog"]') || t.isContentEditable))) return;
      if (onKey(e.key)) e.preventDefault();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [onKey]);
}

/** j/k on a list of `length` rows: the new cursor, or null for another key. */
export function movedCursor(key: string, at: number, length: number): number | null {
  if (key === 'j') return Math.min(at + 1, Math.max(0, length - 1));
  if (key === 'k') return Math.max(at - 1, 0);
  return null;
}
