/**
 * Merge this ticket into another (cross-posting): find the other one by number or by words of
 * its subject or messages, or pick one of the account's open tickets (arrows and Enter, or a
 * click); confirm; this ticket's
 * messages move there and it closes without a charge.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { TicketDetail, TicketSummary } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useAccountPage } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { useUi } from '../shell/uiStore';
import { statusLabels } from './ticketLabels';
import { onResultKey } from '../shell/resultKeys';

interface Candidate {
  ticketId: number;
  number: number;
  subject: string;
  note: string;
}

const numberPattern = /^#?(\d{1,10})$/;

function useCandidates(text: string, detail: TicketDetail): Candidate[] {
  const t = detail.ticket;
  const account = useAccountPage(t.accountId).data;
  const trimmed = text.trim();
  const number = numberPattern.exec(trimmed)?.[1];
  const byNumber = useQuery({
    queryKey: queryKey('ticket.byNumber', { number: Number(number) }),
    queryFn: () => consoleClient().ticket.byNumber({ number: Number(number) }),
    enabled: number !== undefined,
  });
  const searchInput = { text: trimmed, limit: 20 };
  const found = useQuery({
    queryKey: queryKey('search.query', searchInput),
    queryFn: () => consoleClient().search.query(searchInput),
    enabled: number === undefined && trimmed.length >= 2,
  });
  const out = new Map<number, Candidate>();
  const add = (c: Candidate) => c.ticketId !== t.id && !out.has(c.ticketId) && out.set(c.ticketId, c);
  const fromSummary = (s: TicketSummary, note: string) => add({ ticketId: s.id, number: s.number, subject: s.subject, note });
  if (number !== undefined) {
    if (byNumber.data) fromSummary(byNumber.data, `${statusLabels[byNumber.data.status]} · ${byNumber.data.company ?? ''}`);
  } else if (trimmed.length >= 2) {
    for (const hit of found.data ?? []) {
      if (hit.ticketId !== null && hit.ticketNumber !== null) add({ ticketId: hit.ticketId, number: hit.ticketNumber, subject: hit.title, note: hit.titleMatched ? 'found in the subject' : 'found in a message' });
    }
  } else {
    for (const s of account?.tickets ?? []) if (s.status !== 'closed') fromSummary(s, `same account · ${statusLabels[s.status]}`);
  }
  return [...out.values()];
}

export function MergeDialog({ detail, onClose }: { detail: TicketDetail; onClose(): void }) {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Candidate | null>(null);
  // The result the arrows are on; Enter picks it (as in the palette).
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const candidates = useCandidates(text, detail);
  const openTicket = useUi((s) => s.openTicket);
  const t = detail.ticket;

  const merge = async (into: Candidate) => {
    const receipt = await runTicketAction('ticket.merge', { ticketId: t.id, intoTicketId: into.ticketId });
    if (receipt) {
      onClose();
      openTicket(into.ticketId);
    }
  };

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="merge-title">
        <h2 id="merge-title">Merge #{t.number} into another ticket</h2>
        {chosen ? (
          <>
            <p>
              Merge <strong>#{t.number}</strong> into <strong>#{chosen.number}</strong> “{chosen.subject}”? Its {detail.messages.length} message
              {detail.messages.length === 1 ? '' : 's'} move to #{chosen.number}, and #{t.number} is closed without a charge.
            </p>
            <div className="form-actions">
              <button type="button" className="primary" autoFocus onClick={() => void merge(chosen)}>
                Merge into #{chosen.number}
              </button>
              <button type="button" onClick={() => setChosen(null)}>
                Back
              </button>
            </div>
          </>
        ) : (
          <>
            <label>
              Ticket number or words of its subject
              <input
                ref={inputRef}
                type="search"
                role="combobox"
                aria-expanded={candidates.length > 0}
                aria-controls="merge-results"
                aria-activedescendant={candidates[active] ? `merge-result-${candidates[active].ticketId}` : undefined}
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setActive(0);
                }}
                onKeyDown={(e) => onResultKey(e, { count: candidates.length, setActive, choose: () => candidates[active] && setChosen(candidates[active]) })}
                placeholder="#104233 or words…"
              />
            </label>
            <ul id="merge-results" className="pick-list" role="listbox" aria-label="Tickets to merge into">
              {candidates.map((c, i) => (
                <li
                  key={c.ticketId}
                  id={`merge-result-${c.ticketId}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : undefined}
                  onClick={() => setChosen(c)}
                >
                  <span className="number">#{c.number}</span> <span className="subject">{c.subject}</span> <span className="muted">{c.note}</span>
                </li>
              ))}
              {candidates.length === 0 && <li className="empty">{text.trim() ? 'No ticket found.' : 'The account has no other open ticket. Type a number or words.'}</li>}
            </ul>
            <div className="form-actions">
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
