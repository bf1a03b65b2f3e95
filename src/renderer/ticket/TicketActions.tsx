/** The ticket's own actions in its header: claim, close, reopen, merge; each shown only to roles that may. */
import type { TicketDetail } from '../../shared/console/schemas';
import { useMay, useMe } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';

export function TicketActions({ detail, onMerge }: { detail: TicketDetail; onMerge(): void }) {
  const t = detail.ticket;
  const may = useMay();
  const me = useMe();
  const closed = t.status === 'closed';
  const merged = t.mergedIntoId !== null;
  const ticketId = t.id;
  return (
    <div className="ticket-actions" role="toolbar" aria-label="Ticket actions">
      {may('claim') && !closed && !merged && t.assigneeId !== me.id && (
        <button type="button" disabled={t.assigneeId !== null && !may('assign')} onClick={() => void runTicketAction('ticket.claim', { ticketId })}>
          {t.assigneeId === null ? 'Claim' : 'Claim (taken)'}
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
