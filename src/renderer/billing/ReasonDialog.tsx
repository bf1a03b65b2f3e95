/** Asks for the reason of a rejection; the customer is told it word for word. */
import { useState } from 'react';

export function ReasonDialog({ title, onSubmit, onClose }: { title: string; onSubmit(reason: string): void; onClose(): void }) {
  const [reason, setReason] = useState('');
  const empty = reason.trim() === '';
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reason-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!empty) onSubmit(reason.trim());
        }}
      >
        <h2 id="reason-title">{title}</h2>
        <label>
          Reason (sent to the customer)
          <textarea autoFocus rows={4} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="submit" disabled={empty}>
            Reject
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
