/**
 * The conversation in time order: the customer's messages, staff replies, and internal notes
 * set apart. Bodies are sanitised markdown (SafeMarkdown), pasted logs in monospace, long ones
 * folded with "Show all"; messages written here and not yet
 * confirmed say so, and whether they are on their way or waiting for the connection.
 */
import { useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { TicketDetail, TicketMessage } from '../../shared/console/schemas';
import { useMay, useSyncStatus } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { DownloadButton } from '../files/DownloadButton';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { formatDateTime } from '../shell/timeText';
import { fenceLogs } from './logBlocks';
import { useFocusRequest, useUi } from '../shell/uiStore';

type Attachment = TicketDetail['attachments'][number];

/** Drawn inline: the paperclip emoji is a missing-glyph box where the system font lacks it. */
function PaperclipIcon() {
  return (
    <svg className="icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14">
      <path d="M10.5 4.5 5.8 9.2a1.3 1.3 0 0 0 1.8 1.8l5-5a2.6 2.6 0 0 0-3.7-3.7l-5.2 5.2a3.9 3.9 0 0 0 5.5 5.5L13.5 8.6" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** Lines after which a message is folded, with "Show all". */
const foldAfterLines = 12;

/**
 * A message body: pasted logs in monospace (logBlocks.ts), and a long one folded after about
 * twelve lines with "Show all", so one pasted log does not push the rest of the conversation away.
 */
function MessageBody({ body }: { body: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(false);
  const text = useMemo(() => fenceLogs(body), [body]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && !expanded) setOverflows(el.scrollHeight > el.clientHeight + 2);
  }, [text, expanded]);
  const lines = body.split('\n').length;
  return (
    <div className="message-fold">
      <div ref={ref} className={expanded ? undefined : 'folded'} style={{ '--fold-lines': foldAfterLines } as CSSProperties}>
        <SafeMarkdown text={text} className="message-body" />
      </div>
      {(overflows || expanded) && (
        <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded((x) => !x)}>
          {expanded ? 'Show less' : `Show all${lines > foldAfterLines ? ` (${lines} lines)` : ''}`}
        </button>
      )}
    </div>
  );
}

function Attachments({ items }: { items: Attachment[] }) {
  if (!items.length) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {items.map((a) => (
        <li key={a.id} title={`sha256 ${a.sha256}`}>
          <PaperclipIcon />
          {/* Downloads into the local cache, then opens; a pending (negative id) one is not on the server yet. */}
          {a.id > 0 ? <DownloadButton fileRef={{ kind: 'attachment', id: a.id }} name={a.fileName} size={a.size} cached={false} /> : a.fileName}
        </li>
      ))}
    </ul>
  );
}

function SplitForm({ ticketId, message, onDone }: { ticketId: number; message: TicketMessage; onDone(): void }) {
  const firstLine = message.body.split('\n').find((l) => l.trim())?.trim() ?? '';
  const [subject, setSubject] = useState(firstLine.slice(0, 120));
  return (
    <form
      className="split-form"
      aria-label="Split this message into a new ticket"
      onSubmit={(e) => {
        e.preventDefault();
        useUi.setState({ splitAskedOn: ticketId });
        void runTicketAction('ticket.split', { ticketId, messageId: message.id, ...(subject.trim() ? { subject: subject.trim() } : {}) }).then(onDone);
      }}
    >
      <label>
        Subject of the new ticket
        <input value={subject} maxLength={300} onChange={(e) => setSubject(e.target.value)} autoFocus />
      </label>
      <button type="submit" className="primary">
        Split into new ticket
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

const kindLabels: Record<TicketMessage['kind'], string> = { customer: 'Customer', staff: 'Reply', note: 'Internal note' };

function MessageItem({ message, detail, online, maySplit, splitKey }: { message: TicketMessage; detail: TicketDetail; online: boolean; maySplit: boolean; splitKey: boolean }) {
  const [splitting, setSplitting] = useState(false);
  const files = detail.attachments.filter((a) => a.messageId === message.id);
  const canSplit = maySplit && message.kind === 'customer' && message.id > 0 && detail.ticket.mergedIntoId === null && detail.messages.length > 1;
  // s splits the newest customer message: its form opens here.
  useFocusRequest('split', () => {
    if (splitKey && canSplit) setSplitting(true);
  });
  return (
    <li className={`message message-${message.kind}${message.pending ? ' pending' : ''}`} aria-label={`${kindLabels[message.kind]} from ${message.authorName ?? 'unknown'}`}>
      <header>
        <strong>{message.authorName ?? (message.kind === 'customer' ? 'Customer' : 'Staff')}</strong>
        <span className="message-kind">{kindLabels[message.kind]}</span>
        <time dateTime={new Date(message.createdAt).toISOString()}>{formatDateTime(message.createdAt)}</time>
        {message.via === 'email' && <span className="message-via muted">by email</span>}
        {message.movedFromTicketId !== null && <span className="muted">moved here by a merge</span>}
        {message.pending && (
          <span className="pending-mark" role="status">
            {online ? 'Sending…' : 'Waiting to send (offline)'}
          </span>
        )}
        {canSplit && !splitting && (
          <button type="button" className="link-button" onClick={() => setSplitting(true)}>
            Split out…
          </button>
        )}
      </header>
      <MessageBody body={message.body} />
      <Attachments items={files} />
      {splitting && <SplitForm ticketId={detail.ticket.id} message={message} onDone={() => setSplitting(false)} />}
    </li>
  );
}

export function Conversation({ detail }: { detail: TicketDetail }) {
  const may = useMay();
  const online = useSyncStatus().data?.online ?? false;
  const newestCustomer = detail.messages.findLast((m) => m.kind === 'customer' && m.id > 0)?.id ?? null;
  const loose = detail.attachments.filter((a) => a.messageId === null || !detail.messages.some((m) => m.id === a.messageId));
  return (
    <section className="conversation" aria-label="Conversation">
      <ol className="timeline">
        {detail.messages.length === 0 && (
          // A line of the timeline itself, so an empty conversation still reads as one.
          <li className="message message-system">
            {detail.ticket.mergedIntoId !== null ? 'This ticket was merged: its messages moved to the ticket it was merged into.' : 'No messages yet.'}
          </li>
        )}
        {detail.messages.map((m) => (
          <MessageItem key={m.id} message={m} detail={detail} online={online} maySplit={may('split')} splitKey={m.id === newestCustomer} />
        ))}
      </ol>
      {loose.length > 0 && (
        <div className="loose-attachments">
          <h3>Other attachments</h3>
          <Attachments items={loose} />
        </div>
      )}
    </section>
  );
}
