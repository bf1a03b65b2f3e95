/** A billing adjustment of the points ledger: positive credits, negative debits, always with a reason. */
import { useState } from 'react';
import { runTicketAction } from '../api/useTicketAction';

export function LedgerAdjustForm({ accountId }: { accountId: number }) {
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const n = Number(points);
  const problem = points.trim() === '' ? null : !Number.isInteger(n) || n === 0 ? 'Points must be a whole number other than 0' : Math.abs(n) > 100_000 ? 'At most 100000 points at once' : null;
  const ready = points.trim() !== '' && problem === null && reason.trim() !== '';
  return (
    <form
      className="ledger-adjust"
      aria-label="Adjust the points balance"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ready) return;
        const done = await runTicketAction('ledger.adjust', { accountId, points: n, reason: reason.trim() });
        if (done) {
          setPoints('');
          setReason('');
        }
      }}
    >
      <label>
        Points (+ credit, − debit)
        <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} aria-invalid={problem !== null} aria-describedby="adjust-problem" />
      </label>
      <label>
        Reason
        <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={!ready}>
        Adjust
      </button>
      {problem && (
        <span id="adjust-problem" role="alert" className="field-error">
          {problem}
        </span>
      )}
    </form>
  );
}
