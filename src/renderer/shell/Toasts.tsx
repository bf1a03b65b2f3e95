/** Notifications from main (HotRush, assigned to you, a turnaround breach, refused) and local errors, in a live region. */
import { useEffect } from 'react';
import { useUi, type Toast } from './uiStore';

const lifetimeMs = 8_000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUi((s) => s.dismissToast);
  const openTicket = useUi((s) => s.openTicket);
  useEffect(() => {
    // Errors stay until dismissed: they say something did not happen.
    if (toast.kind === 'error' || toast.kind === 'rejected') return;
    const t = setTimeout(() => dismiss(toast.id), lifetimeMs);
    return () => clearTimeout(t);
  }, [toast, dismiss]);
  return (
    <li className={`toast toast-${toast.kind}`}>
      <strong>{toast.title}</strong>
      {toast.body && <span>{toast.body}</span>}
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
