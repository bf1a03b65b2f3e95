/**
 * Full-text search over the cache: one result per ticket (its matching messages under it) or
 * FAQ article, best match or newest first as the person picks, each with its status, account,
 * assignee and date and the matching text, the words found marked (as text runs, never HTML).
 * Arrow keys move through the results and Enter opens one.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { SearchOrder, type SearchHit } from '../../shared/console/schemas';
import { useStaffNames } from '../api/reads';
import { formatAgo, formatDateTime } from '../shell/timeText';
import { useNow } from '../shell/useNow';
import { statusLabels } from '../ticket/ticketLabels';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { Highlighted } from '../../shared/ui/safeText/Highlighted';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { useFocusRequest, useUi } from '../shell/uiStore';
import { onResultKey } from '../shell/resultKeys';
import { SegmentedChoice } from '../shell/SegmentedChoice';

const kindLabels: Record<SearchHit['kind'], string> = { ticket: 'Ticket', faq: 'FAQ' };
const orderLabels: Record<SearchOrder, string> = { relevance: 'Best match', newest: 'Newest first' };

/** One result: what it is, its facts, the matching text, and the ticket's other matching messages. */
function SearchResult({ hit, now, assignee }: { hit: SearchHit; now: number; assignee: string }) {
  const facts = [hit.status && statusLabels[hit.status], hit.company, hit.kind === 'ticket' ? assignee || 'Unassigned' : null].filter(Boolean);
  const more = hit.messageCount - 1 - hit.moreMessages.length;
  return (
    <>
      <span className="result-head">
        <span className="badge">{kindLabels[hit.kind]}</span> {hit.ticketNumber !== null && <span className="number">#{hit.ticketNumber}</span>}{' '}
        <strong className="subject">
          <Highlighted parts={hit.titleParts} />
        </strong>
      </span>
      <span className="result-facts">
        {facts.map((f, i) => (
          <span key={i} className={i === 0 && hit.status ? `status status-${hit.status}` : undefined}>
            {f}
          </span>
        ))}
        {hit.at !== null && (
          <time dateTime={new Date(hit.at).toISOString()} title={formatDateTime(hit.at)}>
            {formatAgo(hit.at, now)}
          </time>
        )}
      </span>
      {hit.snippet.length > 0 && <Highlighted parts={hit.snippet} />}
      {hit.moreMessages.map((m) => (
        <span key={m.messageId} className="result-more">
          <Highlighted parts={m.snippet} />
        </span>
      ))}
      {hit.messageCount > 1 && (
        <span className="result-count">
          {hit.messageCount} matching messages{more > 0 ? ` (${more} more not shown)` : ''}
        </span>
      )}
    </>
  );
}

function FaqArticleView({ id, onClose }: { id: number; onClose(): void }) {
  const input = { text: '', limit: 100 };
  const all = useQuery({ queryKey: queryKey('faq.search', input), queryFn: () => consoleClient().faq.search(input) });
  const article = all.data?.find((a) => a.id === id);
  if (!article) return null;
  return (
    <section className="faq-article" aria-labelledby="faq-title">
      <h2 id="faq-title">{article.title}</h2>
      <SafeMarkdown text={article.body} />
      <button type="button" onClick={onClose}>
        Close article
      </button>
    </section>
  );
}

export function SearchScreen() {
  const text = useUi((s) => s.searchText);
  const setText = useUi((s) => s.setSearchText);
  const openTicket = useUi((s) => s.openTicket);
  const [debounced, setDebounced] = useState(text);
  const [active, setActive] = useState(0);
  const [faq, setFaq] = useState<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusRequest('search', () => inputRef.current?.focus());
  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(text), 150);
    return () => clearTimeout(t);
  }, [text]);
  const order = useUi((s) => s.searchOrder);
  const setOrder = useUi((s) => s.setSearchOrder);
  const now = useNow();
  const staff = useStaffNames();
  const input = { text: debounced.trim(), limit: 50, order };
  const hits = useQuery({
    queryKey: queryKey('search.query', input),
    queryFn: () => consoleClient().search.query(input),
    enabled: input.text.length > 0,
    placeholderData: (prev) => prev,
  });
  const results = input.text ? (hits.data ?? []) : [];
  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    if (hit.ticketId !== null) openTicket(hit.ticketId);
    else if (hit.kind === 'faq') setFaq(hit.id);
  };

  return (
    <section className="search-screen" aria-labelledby="search-title">
      <header className="screen-header">
        <h1 id="search-title">Search</h1>
        <input
          ref={inputRef}
          type="search"
          aria-label="Search tickets, messages and FAQ"
          placeholder="Words in subjects, messages, FAQ…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => onResultKey(e, { count: results.length, setActive, choose: () => open(results[active]), escape: () => e.currentTarget.blur() })}
        />
        <SegmentedChoice
          label="Order of results"
          options={SearchOrder.options.map((o) => ({ value: o, label: orderLabels[o] }))}
          chosen={order}
          onChange={(o) => (setOrder(o), setActive(0))}
        />
      </header>
      {hits.isError && <p role="alert">{hits.error.message}</p>}
      {input.text && hits.isSuccess && results.length === 0 && <p className="empty">Nothing found for “{input.text}”.</p>}
      <ol className="search-results" aria-label="Search results">
        {results.map((hit, i) => (
          <li key={`${hit.kind}-${hit.id}`} className={i === active ? 'active' : undefined} aria-current={i === active ? 'true' : undefined}>
            <button type="button" onClick={() => open(hit)}>
              <SearchResult hit={hit} now={now} assignee={staff(hit.assigneeId)} />
            </button>
          </li>
        ))}
      </ol>
      {faq !== null && <FaqArticleView id={faq} onClose={() => setFaq(null)} />}
    </section>
  );
}
