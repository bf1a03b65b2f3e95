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
          <textarea
            autoFocus
            rows={4}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            onKeyDown={(e) => {
              // As the composer sends: Ctrl/Cmd+Enter rejects with the reason typed.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !empty) {
                e.preventDefault();
                onSubmit(reason.trim());
              }
            }}
          />
        </label>
        {empty && (
          <p id="reason-why" className="hint muted">
            Write the reason first: the customer reads it.
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" disabled={empty} aria-describedby={empty ? 'reason-why' : undefined}>
            Reject <kbd>Ctrl+Enter</kbd>
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
