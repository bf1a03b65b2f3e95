/**
 * One ticket: its header and actions, refusals to retry, who else is on it, the conversation
 * and the composer; on the side its properties, access info and the customer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo, TicketDetail } from '../../shared/console/schemas';
import { useTicketDetail } from '../api/reads';
import { AccessInfo } from '../customer/AccessInfo';
import { CustomerSidebar } from '../customer/CustomerSidebar';
import { useFocusRequest, useUi } from '../shell/uiStore';
import { Conversation } from './Conversation';
import { FailedActions } from './FailedActions';
import { MergeDialog } from './MergeDialog';
import { BackButton } from '../shell/BackButton';
import { PresenceBar } from './PresenceBar';
import { PropertiesPanel } from './PropertiesPanel';
import { ReplyComposer } from './ReplyComposer';
import { TicketActions } from './TicketActions';
import { priorityLabels, statusLabels, typeLabels } from './ticketLabels';
import { usePresence } from './usePresence';

function Links({ detail }: { detail: TicketDetail }) {
  const openTicket = useUi((s) => s.openTicket);
  const t = detail.ticket;
  const link = (label: string, id: number | null) =>
    id !== null && (
      <button type="button" className="link-button" onClick={() => openTicket(id)}>
        {label}
      </button>
    );
  if (t.mergedIntoId === null && t.splitFromId === null && t.followUpOfId === null && detail.splitInto.length === 0) return null;
  return (
    <p className="ticket-links">
      {t.mergedIntoId !== null && <>Merged into another ticket: {link('open it', t.mergedIntoId)} </>}
      {t.splitFromId !== null && <>Split out of {link('the original ticket', t.splitFromId)} </>}
      {t.followUpOfId !== null && <>Follow-up of {link('an earlier ticket', t.followUpOfId)} </>}
      {detail.splitInto.length > 0 && (
        <>
          Split into{' '}
          {detail.splitInto.map((s, i) => (
            <span key={s.id}>
              {i > 0 && ', '}
              {link(`#${s.number}`, s.id)}
            </span>
          ))}
        </>
      )}
    </p>
  );
}

/**
 * A split is the server's to number: once the new ticket arrives (this ticket's `splitInto`
 * grows after a split asked for here), a toast names it and opens it.
 */
function useSplitNotice(detail: TicketDetail): void {
  const notify = useUi((s) => s.notify);
  const asked = useUi((s) => s.splitAskedOn);
  const known = useRef<Set<number> | null>(null);
  useEffect(() => {
    known.current = null;
  }, [detail.ticket.id]);
  useEffect(() => {
    const ids = detail.splitInto.map((s) => s.id);
    if (known.current && asked === detail.ticket.id) {
      for (const s of detail.splitInto) {
        if (known.current.has(s.id)) continue;
        notify({ kind: 'info', title: `Split into new ticket #${s.number}`, body: `From #${detail.ticket.number}; each links to the other.`, ticketId: s.id });
        useUi.setState({ splitAskedOn: null });
      }
    }
    known.current = new Set(ids);
  }, [detail.splitInto, detail.ticket.id, detail.ticket.number, asked, notify]);
}

function TicketView({ session, detail }: { session: SessionInfo; detail: TicketDetail }) {
  const t = detail.ticket;
  const [writing, setWriting] = useState(false);
  const [merging, setMerging] = useState(false);
  usePresence(t.id, writing);
  useFocusRequest('merge', () => setMerging(true));
  useSplitNotice(detail);
  const onWriting = useCallback((w: boolean) => setWriting(w), []);

  return (
    <article className="ticket-screen" aria-labelledby="ticket-title">
      <header className="screen-header ticket-header">
        <BackButton />
        <h1 id="ticket-title">
          <span className="number">#{t.number}</span> <span className="subject">{t.subject}</span>
        </h1>
        <p className="ticket-badges">
          {t.hotRush && <span className="badge hot-badge">HotRush</span>}
          <span className={`badge status-${t.status}`}>{statusLabels[t.status]}</span>
          <span className="badge">{priorityLabels[t.priority]}</span>
          <span className="badge">{typeLabels[t.type]}</span>
          {detail.departmentName && <span className="badge">{detail.departmentName}</span>}
          <span className="badge">{detail.assigneeName ? `Assigned to ${detail.assigneeName}` : 'Unassigned'}</span>
          {detail.pending && (
            <span className="badge pending-mark" title="Changed here, not yet confirmed by the server">
              syncing
            </span>
          )}
        </p>
        <TicketActions detail={detail} onMerge={() => setMerging(true)} />
      </header>
      <Links detail={detail} />
      <div className="ticket-body">
        <div className="ticket-main">
          <FailedActions failures={detail.failedActions} />
          <PresenceBar presence={detail.presence} />
          <Conversation detail={detail} />
          <ReplyComposer session={session} detail={detail} onWriting={onWriting} />
        </div>
        <aside className="ticket-side" aria-label="Ticket properties and customer">
          <PropertiesPanel detail={detail} />
          <AccessInfo ticketId={t.id} hasAccessInfo={t.hasAccessInfo} />
          <CustomerSidebar accountId={t.accountId} ticketId={t.id} />
        </aside>
      </div>
      {merging && <MergeDialog detail={detail} onClose={() => setMerging(false)} />}
    </article>
  );
}

export function TicketScreen({ session, ticketId }: { session: SessionInfo; ticketId: number }) {
  const detail = useTicketDetail(ticketId);
  if (detail.isPending) return <p className="loading">Opening the ticket…</p>;
  if (detail.isError) {
    return (
      <p role="alert" className="error">
        {detail.error.message}
      </p>
    );
  }
  return <TicketView session={session} detail={detail.data} />;
}
