/**
 * Notifications from main (HotRush, assigned to you, a turnaround breach, refused), local
 * errors, and the undo toasts of actions waiting out their undo window, in a live region.
 */
import { useEffect } from 'react';
import { undoToast } from '../api/undo';
import { useUi, type Toast } from './uiStore';

const lifetimeMs = 8_000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUi((s) => s.dismissToast);
  const openTicket = useUi((s) => s.openTicket);
  useEffect(() => {
    // Errors stay until dismissed: they say something did not happen.
    if (toast.kind === 'error' || toast.kind === 'rejected') return;
    // An undo toast goes when its action is sent: Undo would be too late after that.
    const ms = toast.undo ? Math.max(0, toast.undo.until - Date.now()) : lifetimeMs;
    const t = setTimeout(() => dismiss(toast.id), ms);
    return () => clearTimeout(t);
  }, [toast, dismiss]);
  return (
    <li className={`toast toast-${toast.kind}`}>
      <strong>{toast.title}</strong>
      {toast.body && <span>{toast.body}</span>}
      {toast.undo && (
        <button type="button" className="undo-button" onClick={() => void undoToast(toast.id)} aria-keyshortcuts="z">
          Undo <kbd>z</kbd>
        </button>
      )}
      {toast.ticketId != null && (
        <button type="button" className="link-button" onClick={() => (openTicket(toast.ticketId!), dismiss(toast.id))}>
          Open
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <ul className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </ul>
  );
}
