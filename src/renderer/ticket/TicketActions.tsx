/** The ticket's own actions in its header: claim, close, reopen, merge; each shown only to roles that may. */
import type { TicketDetail } from '../../shared/console/schemas';
import { useMay } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';

export function TicketActions({ detail, onMerge }: { detail: TicketDetail; onMerge(): void }) {
  const t = detail.ticket;
  const may = useMay();
  const closed = t.status === 'closed';
  const merged = t.mergedIntoId !== null;
  const ticketId = t.id;
  return (
    <div className="ticket-actions" role="toolbar" aria-label="Ticket actions">
      {/* Someone else's ticket is not claimed away from them: a dispatcher reassigns it in the properties. */}
      {may('claim') && !closed && !merged && t.assigneeId === null && (
        <button type="button" onClick={() => void runTicketAction('ticket.claim', { ticketId })}>
          Claim
        </button>
      )}
      {may('close') && !closed && (
        <button type="button" onClick={() => void runTicketAction('ticket.close', { ticketId })}>
          Close <kbd>e</kbd>
        </button>
      )}
      {may('reopen') && closed && !merged && (
        <button type="button" onClick={() => void runTicketAction('ticket.reopen', { ticketId })}>
          Reopen
        </button>
      )}
      {may('merge') && !closed && !merged && (
        <button type="button" onClick={onMerge}>
          Merge into…
        </button>
      )}
    </div>
  );
}
