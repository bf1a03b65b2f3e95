/**
 * FAQ, for visitors too: a search box (the words in the address, `/faq?q=`, so a search has
 * its own URL), the article list, and each article on its own page `/faq/<slug>`, its text
 * through the safe renderer.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Switch, useLocation, useParams, useSearchParams } from 'wouter';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { api, errorText } from '../api/portalClient';
import { Field } from '../forms/Field';
import { Notice, Page } from '../shell/Page';

interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
}
interface Article {
  id: number;
  slug: string;
  title: string;
  body: string;
  updatedAt: number;
}

export function FaqPage() {
  return (
    <Switch>
      <Route path="/" component={FaqIndex} />
      <Route path="/:slug" component={FaqArticle} />
    </Switch>
  );
}

function FaqIndex() {
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const [, navigate] = useLocation();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const list = useQuery({
    queryKey: ['faq', q],
    queryFn: () => api<{ articles: ArticleSummary[] }>('GET', `/api/faq${q ? `?q=${encodeURIComponent(q)}` : ''}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    navigate(t ? `~/faq?q=${encodeURIComponent(t)}` : '~/faq');
  };
  return (
    <Page title="FAQ">
      <form role="search" aria-label="Search the FAQ" className="search-form" onSubmit={submit}>
        <Field label="Search the FAQ">
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {list.isPending ? <Notice>Loading…</Notice> : null}
      {list.isError ? <Notice tone="error">{errorText(list.error)}</Notice> : null}
      {list.data ? (
        <>
          <p role="status">
            {q
              ? `${list.data.articles.length} ${list.data.articles.length === 1 ? 'article' : 'articles'} found for "${q}".`
              : `${list.data.articles.length} articles.`}
            {q ? (
              <>
                {' '}
                <Link href="~/faq">Show all articles</Link>
              </>
            ) : null}
          </p>
          <ul className="faq-list" aria-label="Articles">
            {list.data.articles.map((a) => (
              <li key={a.id}>
                <Link href={`/${a.slug}`}>{a.title}</Link>
                <div className="muted">{a.excerpt}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

function FaqArticle() {
  const { slug } = useParams<{ slug: string }>();
  const article = useQuery({
    queryKey: ['faq', 'article', slug],
    queryFn: () => api<{ article: Article }>('GET', `/api/faq/${encodeURIComponent(slug)}`),
    retry: false,
  });
  const back = (
    <p>
      <Link href="~/faq">Back to FAQ</Link>
    </p>
  );
  if (article.isPending) return <Page title="FAQ"><Notice>Loading…</Notice></Page>;
  if (article.isError)
    return (
      <Page title="FAQ">
        <Notice tone="error">{errorText(article.error)}</Notice>
        {back}
      </Page>
    );
  const a = article.data.article;
  return (
    <Page title={a.title}>
      <article>
        <SafeMarkdown text={a.body} />
      </article>
      {back}
    </Page>
  );
}
