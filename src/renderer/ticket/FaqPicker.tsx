/** Finds FAQ articles by their words and hands the chosen one's text to the composer. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { FaqArticle } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { onResultKey } from '../shell/resultKeys';

export function FaqPicker({ onInsert, onClose }: { onInsert(article: FaqArticle): void; onClose(): void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const input = { text, limit: 8 };
  const found = useQuery({ queryKey: queryKey('faq.search', input), queryFn: () => consoleClient().faq.search(input), placeholderData: (prev) => prev });
  const articles = found.data ?? [];
  const choose = (a: FaqArticle | undefined) => a && onInsert(a);

  return (
    <div className="faq-picker" role="dialog" aria-label="Insert an FAQ article">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search FAQ articles"
        placeholder="Search FAQ articles…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => onResultKey(e, { count: articles.length, setActive, choose: () => choose(articles[active]), escape: onClose })}
      />
      <ul role="listbox" aria-label="FAQ articles">
        {articles.map((a, i) => (
          <li key={a.id} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(a)}>
            <strong>{a.title}</strong>
            <span className="faq-preview">{a.body.slice(0, 140)}</span>
          </li>
        ))}
        {found.isSuccess && articles.length === 0 && <li className="empty">No article matches.</li>}
      </ul>
      <button type="button" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}
