/**
 * A ticket's page in the Communication center (`/tickets/<number>`): number and subject as
 * the heading, its status (PRE CLOSED with the charge its closing will make; closed with the
 * points charged), type, priority, HotRush, license and product version; "Ticket properties"
 * to close, reopen, change the priority or HotRush; and two tabs, the conversation (with the
 * "Send new message" form) and "Post access info" (`?tab=access-info`). A ticket of another
 * account, or none, gives the page's "not found". Live events (liveTickets.ts) refresh it.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useParams, useSearchParams } from 'wouter';
import { api, errorText } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';
import { AccessInfoTab } from './accessInfoTab';
import { ClosedTicketNotice, Conversation, quoteOf, SendMessageForm } from './conversation';
import { isNotFound, PropertiesPanel } from './propertiesPanel';
import { takeTicketFlash } from './ticketFlash';
import { formatTime, points, priorityLabels, statusLabels, ticketKey, typeLabels, type TicketDetail, type TicketMessage } from './ticketLabels';
import './ticketPage.css';

const tabs = [
  { id: 'conversation', label: 'Conversation' },
  { id: 'access-info', label: 'Post access info' },
] as const;
type TabId = (typeof tabs)[number]['id'];

function StatusText({ t }: { t: TicketDetail }) {
  if (t.status === 'pre_closed') {
    return (
      <>
        <strong>PRE CLOSED</strong>
        {t.closesAt !== null ? ` — closes by itself on ${formatTime(t.closesAt)} unless you reply` : ' — closes by itself unless you reply'}
        {t.chargeOnClose ? `; closing will charge ${points(t.chargeOnClose)}` : '; closing is free of charge'}
      </>
    );
  }
  if (t.status === 'closed') {
    return (
      <>
        <strong>Closed</strong>
        {t.closedAt !== null ? ` on ${formatTime(t.closedAt)}` : ''}
        {t.chargedPoints ? ` — ${points(t.chargedPoints)} charged` : ' — free of charge'}
      </>
    );
  }
  return <strong>{statusLabels[t.status]}</strong>;
}

function Summary({ t }: { t: TicketDetail }) {
  return (
    <dl className="ticket-summary">
      <div>
        <dt>Status</dt>
        <dd>
          <StatusText t={t} />
        </dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{typeLabels[t.type]}</dd>
      </div>
      <div>
        <dt>Priority</dt>
        <dd>{priorityLabels[t.priority]}</dd>
      </div>
      <div>
        <dt>HotRush</dt>
        <dd>{t.hotRush ? <span className="badge badge-hot">HotRush</span> : 'No'}</dd>
      </div>
      <div>
        <dt>License</dt>
        <dd>{t.license ? `${t.license.url || t.license.key} (${t.license.product})` : 'None'}</dd>
      </div>
      <div>
        <dt>Product version</dt>
        <dd>{t.productVersion || 'Not given'}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatTime(t.createdAt)}</dd>
      </div>
      {t.followUpOfNumber !== null ? (
        <div>
          <dt>Follow-up to</dt>
          <dd>
            <Link href={`/tickets/${t.followUpOfNumber}`}>ticket #{t.followUpOfNumber}</Link>
          </dd>
        </div>
      ) : null}
      {t.mergedIntoNumber !== null ? (
        <div>
          <dt>Merged into</dt>
          <dd>
            <Link href={`/tickets/${t.mergedIntoNumber}`}>ticket #{t.mergedIntoNumber}</Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export function TicketPage() {
  const params = useParams<{ number: string }>();
  const number = /^\d{1,15}$/.test(params.number ?? '') ? Number(params.number) : NaN;
  const valid = Number.isSafeInteger(number) && number > 0;
  const ticket = useQuery({
    queryKey: ticketKey(number),
    queryFn: () => api<TicketDetail>('GET', `/api/customer/tickets/${number}`),
    enabled: valid,
  });
  if (!valid || isNotFound(ticket.error)) {
    return (
      <Page title="Ticket not found">
        <Notice tone="warning">
          There is no ticket #{params.number} in your account. <Link href="/tickets">Back to the Communication center</Link>
        </Notice>
      </Page>
    );
  }
  if (ticket.error && !ticket.data) {
    return (
      <Page title={`Ticket #${number}`}>
        <Notice tone="error">{errorText(ticket.error)}</Notice>
      </Page>
    );
  }
  if (!ticket.data) {
    return (
      <Page title={`Ticket #${number}`}>
        <Notice>Loading…</Notice>
      </Page>
    );
  }
  return <TicketView key={number} t={ticket.data} />;
}

function TicketView({ t }: { t: TicketDetail }) {
  const [flash] = useState(() => takeTicketFlash(t.number));
  const [showProperties, setShowProperties] = useState(false);
  const [search, setSearch] = useSearchParams();
  const tab: TabId = search.get('tab') === 'access-info' ? 'access-info' : 'conversation';
  const tabRefs = useRef<Record<TabId, HTMLButtonElement | null>>({ conversation: null, 'access-info': null });
  const [draft, setDraft] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [quoted, setQuoted] = useState(0);
  const canPost = t.status !== 'closed' || t.messageStartsFollowUp;

  const selectTab = (id: TabId, focus = false) => {
    setSearch((s) => {
      const next = new URLSearchParams(s);
      if (id === 'conversation') next.delete('tab');
      else next.set('tab', id);
      return next;
    });
    if (focus) tabRefs.current[id]?.focus();
  };
  const onTabKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((x) => x.id === tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    selectTab(tabs[to]!.id, true);
  };

  const reply = (m: TicketMessage) => {
    setDraft((d) => `${d}${d && !d.endsWith('\n') ? '\n\n' : ''}${quoteOf(m)}`);
    if (tab !== 'conversation') selectTab('conversation');
    setQuoted((n) => n + 1);
  };
  // After a Reply put the quote in: the cursor goes to the end of the message box.
  useEffect(() => {
    if (!quoted || !textarea.current) return;
    const el = textarea.current;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    el.scrollIntoView({ block: 'center' });
  }, [quoted]);

  const propertiesId = `ticket-${t.number}-properties`;
  return (
    <Page
      title={`Ticket #${t.number}: ${t.subject}`}
      actions={
        <button type="button" aria-expanded={showProperties} aria-controls={propertiesId} onClick={() => setShowProperties((v) => !v)}>
          Ticket properties
        </button>
      }
    >
      <p className="muted">
        <Link href="/tickets">Communication center</Link> › ticket #{t.number}
      </p>
      {flash.map((line) => (
        <Notice key={line}>{line}</Notice>
      ))}
      <Summary t={t} />
      {showProperties ? <PropertiesPanel t={t} id={propertiesId} /> : null}
      <div className="tabs" role="tablist" aria-label={`Ticket #${t.number}`} onKeyDown={onTabKey}>
        {tabs.map((x) => (
          <button
            key={x.id}
            ref={(el) => {
              tabRefs.current[x.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${x.id}`}
            aria-selected={tab === x.id}
            aria-controls={`panel-${x.id}`}
            tabIndex={tab === x.id ? 0 : -1}
            onClick={() => selectTab(x.id)}
          >
            {x.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0} className="tab-panel">
        {tab === 'conversation' ? (
          <>
            <Conversation t={t} canPost={canPost} onReply={reply} />
            {canPost ? <SendMessageForm ref={textarea} t={t} draft={draft} setDraft={setDraft} /> : <ClosedTicketNotice t={t} />}
          </>
        ) : (
          <AccessInfoTab number={t.number} />
        )}
      </div>
    </Page>
  );
}
