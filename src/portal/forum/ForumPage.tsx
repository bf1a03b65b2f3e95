/**
 * The forum, for every signed-in customer (primary and secondary users alike: the help page
 * lets a representative "take part in forum threads"): the categories with a search box
 * (`/forum?q=` gives a search its own URL), a category's threads (`/forum/categories/<id>`),
 * a thread with its replies (`/forum/threads/<id>`) and a new thread (`/forum/new`). Every
 * post is shown through the safe markdown renderer; staff answers are marked.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Switch, useLocation, useParams, useSearchParams } from 'wouter';
import { errorText } from '../api/portalClient';
import { Field } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { formatTime } from '../tickets/ticketLabels';
import { forumKeys, readCategories, readCategoryThreads, searchThreads } from './forumData';
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
  const found = useQuery({ queryKey: forumKeys.search(q), queryFn: () => searchThreads(q), enabled: q !== '' });
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
                {found.data.threads.length} {found.data.threads.length === 1 ? 'thread' : 'threads'} found for &quot;{q}&quot;. <Link href="~/forum">Show all categories</Link>
              </p>
              <ThreadList threads={found.data.threads} label="Threads found" showCategory />
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
  const list = useQuery({ queryKey: forumKeys.category(id), queryFn: () => readCategoryThreads(id), enabled: Number.isInteger(id) && id > 0 });
  const title = list.data?.category?.name ?? 'Forum category';
  return (
    <Page title={title} actions={<Link href={`~/forum/new?category=${id}`} className="button-link primary">New thread</Link>}>
      <p>
        <Link href="~/forum">All categories</Link>
      </p>
      {!Number.isInteger(id) || id <= 0 ? <Notice tone="error">There is no such forum category.</Notice> : null}
      {list.isPending && Number.isInteger(id) ? <Notice>Loading…</Notice> : null}
      {list.isError ? <Notice tone="error">{errorText(list.error)}</Notice> : null}
      {list.data?.category?.description ? <p>{list.data.category.description}</p> : null}
      {list.data && list.data.threads.length === 0 ? <Notice>No threads yet: start the first one.</Notice> : null}
      {list.data && list.data.threads.length > 0 ? <ThreadList threads={list.data.threads} label={`Threads in ${title}`} /> : null}
    </Page>
  );
}
