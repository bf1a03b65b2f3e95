/**
 * The forum, for every signed-in customer (primary and secondary users alike: the help page
 * lets a representative "take part in forum threads"): the categories with a search box
 * (`/forum?q=` gives a search its own URL), a category's threads (`/forum/categories/<id>`),
 * a thread with its replies (`/forum/threads/<id>`) and a new thread (`/forum/new`). Every
 * post is shown through the safe markdown renderer; staff answers are marked.
 */
import { useInfiniteQuery, useQuery, type UseInfiniteQueryResult, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Switch, useLocation, useParams, useSearchParams } from 'wouter';
import { errorText } from '../api/portalClient';
import { Field } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { formatTime } from '../tickets/ticketLabels';
import type { ForumThreadList } from '../../shared/forum/forum';
import { forumKeys, readCategories, readCategoryThreads, searchThreads, threadPaging } from './forumData';
import { NewThreadPage } from './NewThreadPage';
import { ThreadList } from './ThreadList';
import { ThreadPage } from './ThreadPage';
import '../tickets/ticketList.css';
import './forum.css';

export function ForumPage() {
  return (
    <Switch>
      <Route path="/" component={ForumIndex} />
      <Route path="/new" component={NewThreadPage} />
      <Route path="/categories/:categoryId" component={CategoryPage} />
      <Route path="/threads/:threadId" component={ThreadPage} />
      <Route>
        <Page title="Page not found">
          <Notice>There is no forum page at this address. <Link href="~/forum">Back to the forum</Link></Notice>
        </Page>
      </Route>
    </Switch>
  );
}

function SearchBox({ q }: { q: string }) {
  const [, navigate] = useLocation();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    navigate(t ? `~/forum?q=${encodeURIComponent(t)}` : '~/forum');
  };
  return (
    <form role="search" aria-label="Search the forum" className="search-form" onSubmit={submit}>
      <Field label="Search the forum">
        <input type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}

function ForumIndex() {
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const categories = useQuery({ queryKey: forumKeys.categories, queryFn: readCategories });
  const found = useInfiniteQuery({ queryKey: forumKeys.search(q), queryFn: ({ pageParam }) => searchThreads(q, pageParam), ...threadPaging, enabled: q !== '' });
  const foundThreads = found.data?.pages.flatMap((p) => p.threads) ?? [];
  return (
    <Page title="Forum" actions={<Link href="~/forum/new" className="button-link primary">New thread</Link>}>
      <SearchBox q={q} />
      {q ? (
        <section aria-labelledby="forum-results">
          <h2 id="forum-results">Search results</h2>
          {found.isPending ? <Notice>Searching…</Notice> : null}
          {found.isError ? <Notice tone="error">{errorText(found.error)}</Notice> : null}
          {found.data ? (
            <>
              <p role="status">
                {foundThreads.length}
                {found.hasNextPage ? ' or more' : ''} {foundThreads.length === 1 && !found.hasNextPage ? 'thread' : 'threads'} found for &quot;{q}&quot;. <Link href="~/forum">Show all categories</Link>
              </p>
              <ThreadList threads={foundThreads} label="Threads found" showCategory />
              <LoadMore list={found} shown={foundThreads.length} />
            </>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="forum-categories">
        <h2 id="forum-categories">Categories</h2>
        {categories.isPending ? <Notice>Loading…</Notice> : null}
        {categories.isError ? <Notice tone="error">{errorText(categories.error)}</Notice> : null}
        {categories.data && categories.data.categories.length === 0 ? <Notice>The forum has no categories yet.</Notice> : null}
        {categories.data ? (
          <ul className="forum-categories" aria-label="Forum categories">
            {categories.data.categories.map((c) => (
              <li key={c.id}>
                <Link href={`~/forum/categories/${c.id}`}>{c.name}</Link>
                {c.description ? <p className="muted">{c.description}</p> : null}
                <p className="muted">
                  {c.threadCount} {c.threadCount === 1 ? 'thread' : 'threads'}
                  {c.lastPostAt !== null ? <> · last post <time dateTime={new Date(c.lastPostAt).toISOString()}>{formatTime(c.lastPostAt)}</time></> : null}
                </p>
              </li>
            ))}
          </ul>
        ) : null}
        {categories.data ? <p className="muted">You can post up to {categories.data.settings.postsPerHour} times per hour.</p> : null}
      </section>
    </Page>
  );
}

function CategoryPage() {
  const { categoryId } = useParams<{ categoryId: string }>();
  const id = Number(categoryId);
  const list = useInfiniteQuery({ queryKey: forumKeys.category(id), queryFn: ({ pageParam }) => readCategoryThreads(id, pageParam), ...threadPaging, enabled: Number.isInteger(id) && id > 0 });
  const first = list.data?.pages[0];
  const threads = list.data?.pages.flatMap((p) => p.threads) ?? [];
  const title = first?.category?.name ?? 'Forum category';
  return (
    <Page title={title} actions={<Link href={`~/forum/new?category=${id}`} className="button-link primary">New thread</Link>}>
      <p>
        <Link href="~/forum">All categories</Link>
      </p>
      {!Number.isInteger(id) || id <= 0 ? <Notice tone="error">There is no such forum category.</Notice> : null}
      {list.isPending && Number.isInteger(id) ? <Notice>Loading…</Notice> : null}
      {list.isError && !first ? <Notice tone="error">{errorText(list.error)}</Notice> : null}
      {first?.category?.description ? <p>{first.category.description}</p> : null}
      {first && threads.length === 0 ? <Notice>No threads yet: start the first one.</Notice> : null}
      {threads.length > 0 ? <ThreadList threads={threads} label={`Threads in ${title}`} /> : null}
      {first ? <LoadMore list={list} shown={threads.length} /> : null}
    </Page>
  );
}

/** "Load more threads" under a list while the server has another page; a failed read says why. */
function LoadMore({ list, shown }: { list: UseInfiniteQueryResult<InfiniteData<ForumThreadList>>; shown: number }) {
  return (
    <>
      {list.isFetchNextPageError ? <Notice tone="error">{errorText(list.error)}</Notice> : null}
      {list.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading more threads…' : 'Load more threads'}
          </button>{' '}
          <span className="muted">{shown} shown</span>
        </p>
      ) : null}
    </>
  );
}
