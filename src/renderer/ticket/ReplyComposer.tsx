/**
 * Reply or internal note. Drafts are saved as they are typed (drafts.ts) and survive a
 * restart; FAQ articles can be inserted; Ctrl/Cmd+Enter sends. Before a reply goes out, if
 * someone else wrote on the ticket since the draft began, the writer is asked first.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionInfo, TicketDetail, TicketMessage } from '../../shared/console/schemas';
import { useMay } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { useFocusRequest } from '../shell/uiStore';
import { messagesSince, newestMessageId } from './collision';
import { clearDraft, loadDraft, saveDraft, type DraftKind } from './drafts';
import { FaqPicker } from './FaqPicker';
import { ComposerAttachments, useDraftClientRef } from '../files/ComposerAttachments';

interface Props {
  session: SessionInfo;
  detail: TicketDetail;
  /** Tells the ticket screen whether a reply is being written (presence). */
  onWriting(writing: boolean): void;
}

export function ReplyComposer({ session, detail, onWriting }: Props) {
  const ticketId = detail.ticket.id;
  const may = useMay();
  const closed = detail.ticket.status === 'closed';
  const canReply = may('reply') && !closed;
  const [kind, setKind] = useState<DraftKind>(canReply ? 'reply' : 'note');
  const [text, setText] = useState('');
  const [seenUpTo, setSeenUpTo] = useState(0);
  const [warning, setWarning] = useState<{ messages: TicketMessage[]; close: boolean } | null>(null);
  const [faqOpen, setFaqOpen] = useState(false);
  // Files attached to this message upload once the server has it, found by this clientRef.
  const draftRef = useDraftClientRef(ticketId);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const newest = newestMessageId(detail.messages);
  const newestRef = useRef(newest);
  newestRef.current = newest;

  // The draft of this ticket and kind, as it was left: loaded in the same render that
  // switches ticket or kind (not in an effect after it), so the textarea never shows the
  // other kind's text for a frame, and a key typed in that frame cannot land in the wrong draft.
  const draftKey = `${session.serverUrl}.${session.user.id}.${ticketId}.${kind}`;
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const shownKeyRef = useRef(draftKey);
  shownKeyRef.current = draftKey;
  if (loadedKey !== draftKey) {
    const draft = loadDraft(session, ticketId, kind);
    setLoadedKey(draftKey);
    setText(draft?.text ?? '');
    setSeenUpTo(draft?.seenUpTo ?? newest);
    setWarning(null);
  }

  const writing = kind === 'reply' && text.trim() !== '';
  useEffect(() => onWriting(writing), [writing, onWriting]);

  const focusAs = (k: DraftKind) => {
    if (k === 'reply' && !canReply) return;
    setKind(k);
    areaRef.current?.focus();
  };
  useFocusRequest('reply', () => focusAs('reply'));
  useFocusRequest('note', () => focusAs('note'));
  useFocusRequest('faq', () => setFaqOpen(true));

  const edit = (next: string) => {
    // A draft begun now has seen the conversation as it is now.
    const seen = text.trim() === '' ? newest : seenUpTo;
    setText(next);
    setSeenUpTo(seen);
    saveDraft(session, ticketId, kind, { text: next, seenUpTo: seen });
  };

  const send = async (close: boolean, confirmed = false) => {
    const body = text.trim();
    if (!body) return;
    if (kind === 'reply' && !confirmed) {
      const meanwhile = messagesSince(detail.messages, seenUpTo, session.user.id);
      if (meanwhile.length) {
        setWarning({ messages: meanwhile, close });
        return;
      }
    }
    setWarning(null);
    const sentKey = draftKey;
    const { clientRef } = draftRef;
    const receipt = kind === 'reply' ? await runTicketAction('ticket.reply', { ticketId, body, clientRef, ...(close ? { close: true } : {}) }) : await runTicketAction('ticket.note', { ticketId, body, clientRef });
    if (receipt) {
      clearDraft(session, ticketId, kind);
      draftRef.renew();
      // Switched to the other kind (or ticket) while it went: that draft is on screen now, keep it.
      if (shownKeyRef.current === sentKey) {
        setText('');
        setSeenUpTo(newestRef.current);
      }
    }
  };

  const insert = (articleText: string) => {
    const area = areaRef.current;
    const at = area?.selectionStart ?? text.length;
    const before = text.slice(0, at);
    const spacer = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    edit(`${before}${spacer}${articleText}\n${text.slice(at)}`);
    setFaqOpen(false);
    requestAnimationFrame(() => area?.focus());
  };

  if (!may('reply') && !may('note')) return null;
  const label = kind === 'reply' ? 'Reply to the customer' : 'Internal note (staff only)';
  return (
    <section className={`composer composer-${kind}`} aria-label="Write">
      <div className="composer-tabs" role="tablist" aria-label="Write a reply or a note">
        {may('reply') && (
          <button type="button" role="tab" aria-selected={kind === 'reply'} disabled={closed} onClick={() => focusAs('reply')}>
            Reply <kbd>r</kbd>
          </button>
        )}
        <button type="button" role="tab" aria-selected={kind === 'note'} onClick={() => focusAs('note')}>
          Internal note <kbd>n</kbd>
        </button>
      </div>
      {closed && kind === 'reply' && <p className="hint">This ticket is closed: reopen it to reply.</p>}
      <textarea
        ref={areaRef}
        aria-label={label}
        placeholder={kind === 'reply' ? 'Write a reply… (markdown; Ctrl+Enter sends)' : 'Write a note for colleagues… (Ctrl+Enter saves)'}
        value={text}
        rows={6}
        onChange={(e) => edit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send(false);
          } else if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {warning && (
        <div className="collision-warning" role="alertdialog" aria-label="Someone else wrote meanwhile">
          <p>
            <strong>
              {[...new Set(warning.messages.map((m) => m.authorName ?? (m.kind === 'customer' ? 'The customer' : 'Someone')))].join(', ')} wrote on this ticket while you were
              writing.
            </strong>
          </p>
          <ul>
            {warning.messages.slice(-3).map((m) => (
              <li key={m.id}>
                {m.kind === 'note' ? 'Note' : m.kind === 'customer' ? 'Customer' : 'Reply'}: {m.body.slice(0, 160)}
                {m.body.length > 160 ? '…' : ''}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void send(warning.close, true)}>
            Send anyway
          </button>
          <button
            type="button"
            onClick={() => {
              setWarning(null);
              setSeenUpTo(newest);
              saveDraft(session, ticketId, kind, { text, seenUpTo: newest });
            }}
          >
            Review first
          </button>
        </div>
      )}
      <div className="composer-actions">
        {kind === 'reply' ? (
          <>
            <button type="button" className="primary" disabled={!text.trim() || closed} onClick={() => void send(false)}>
              Send
            </button>
            {may('close') && (
              <button type="button" disabled={!text.trim() || closed} onClick={() => void send(true)}>
                Send and close
              </button>
            )}
          </>
        ) : (
          <button type="button" className="primary" disabled={!text.trim()} onClick={() => void send(false)}>
            Add note
          </button>
        )}
        <button type="button" aria-expanded={faqOpen} onClick={() => setFaqOpen((o) => !o)}>
          Insert FAQ article
        </button>
        {text.trim() !== '' && <span className="hint">Draft saved</span>}
      </div>
      <ComposerAttachments ticketId={ticketId} clientRef={draftRef.clientRef} />
      {faqOpen && <FaqPicker onInsert={(a) => insert(a.body)} onClose={() => setFaqOpen(false)} />}
    </section>
  );
}
