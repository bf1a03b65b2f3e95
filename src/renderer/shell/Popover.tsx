/**
 * A button that opens a panel over the page (filters, columns): the panel floats, so opening
 * it moves nothing; the keyboard goes into it, Escape or a click outside closes it and the
 * keyboard returns to the button. Tab moves through its choices as usual.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface PopoverProps {
  /** The button's text (what is chosen now, e.g. "Status: New or Open"). */
  summary: ReactNode;
  /** The button's accessible name, when the text alone does not say what it is for. */
  buttonLabel?: string;
  /** The panel's name (its group label). */
  title: string;
  className?: string;
  /** Where the panel lines up with its button. */
  align?: 'start' | 'end';
  children: ReactNode;
}

export function Popover({ summary, buttonLabel, title, className, align = 'start', children }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('input, button, select')?.focus();
    const outside = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  return (
    <div
      ref={rootRef}
      className={['popover-anchor', className].filter(Boolean).join(' ')}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        // The popover's Escape only: not the screen's "back".
        e.stopPropagation();
        close(true);
      }}
      onBlur={(e) => {
        // Tabbing out of the panel closes it.
        if (open && e.relatedTarget instanceof Node && !rootRef.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={id} aria-label={buttonLabel} onClick={() => setOpen((o) => !o)}>
        {summary} <span aria-hidden="true">▾</span>
      </button>
      <div ref={panelRef} id={id} role="group" aria-label={title} className={`popover popover-${align}`} hidden={!open}>
        {open && children}
      </div>
    </div>
  );
}
