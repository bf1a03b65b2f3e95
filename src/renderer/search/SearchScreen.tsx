/**
 * Full-text search over the cache: ticket subjects, messages and FAQ articles, best first,
 * with the matched words highlighted (as text runs, never HTML). Arrow keys move through the
 * hits and Enter opens one.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { Highlighted } from '../../shared/ui/safeText/Highlighted';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { useFocusRequest, useUi } from '../shell/uiStore';
import { onResultKey } from '../shell/resultKeys';

const kindLabels: Record<SearchHit['kind'], string> = { ticket: 'Ticket', message: 'Message', faq: 'FAQ' };

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
  const input = { text: debounced.trim(), limit: 50 };
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
      </header>
      {hits.isError && <p role="alert">{hits.error.message}</p>}
      {input.text && hits.isSuccess && results.length === 0 && <p className="empty">Nothing found for “{input.text}”.</p>}
      <ol className="search-results" aria-label="Search results">
        {results.map((hit, i) => (
          <li key={`${hit.kind}-${hit.id}`} className={i === active ? 'active' : undefined} aria-current={i === active ? 'true' : undefined}>
            <button type="button" onClick={() => open(hit)}>
              <span className="badge">{kindLabels[hit.kind]}</span> {hit.ticketNumber !== null && <span className="number">#{hit.ticketNumber}</span>}{' '}
              <strong className="subject">{hit.title}</strong>
              <br />
              <Highlighted parts={hit.snippet} />
            </button>
          </li>
        ))}
      </ol>
      {faq !== null && <FaqArticleView id={faq} onClose={() => setFaq(null)} />}
    </section>
  );
}
