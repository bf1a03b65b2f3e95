/**
 * Actions on this ticket that the server refused (their effect was rolled back), each with
 * the reason, a retry and a dismiss. Used for a ticket and, in the status bar, for all.
 */
import type { FailedAction } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { actionLabels } from '../api/useTicketAction';
import { useUi } from '../shell/uiStore';

async function attempt(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    useUi.getState().notify({ kind: 'error', title: `${what} failed`, body: err instanceof Error ? err.message : String(err) });
  }
}

export function FailedActions({ failures, showTicket = false }: { failures: FailedAction[]; showTicket?: boolean }) {
  const openTicket = useUi((s) => s.openTicket);
  if (!failures.length) return null;
  return (
    <div className="failed-actions" role="alert">
      <ul>
        {failures.map((f) => (
          <li key={f.mutationId}>
            <strong>{actionLabels[f.name]} was refused</strong>
            {showTicket && f.ticketId !== null && (
              <button type="button" className="link-button" onClick={() => openTicket(f.ticketId!)}>
                open ticket
              </button>
            )}
            : {f.error.message}
            <span className="failed-buttons">
              <button type="button" onClick={() => void attempt('Retry', () => consoleClient().outbox.retry({ mutationId: f.mutationId }))}>
                Retry
              </button>
              <button type="button" onClick={() => void attempt('Dismiss', () => consoleClient().outbox.dismiss({ mutationId: f.mutationId }))}>
                Dismiss
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
