/**
 * The staff's Forum screen: the categories (archived ones too), a category's threads or the
 * threads a search finds, and the chosen thread with every post, hidden ones marked with who
 * hid them and why, and its moderation history. Any staff role answers (marked as a staff
 * answer for customers), hides and shows posts, locks, pins and moves threads, each with a
 * reason that is kept; admins also keep the categories and the posting limit
 * (ForumAdminPanel). The forum is read from the server (online only), a page of threads at a
 * time ("Load more threads" reads the next); every change is a local
 * action pushed through the sync outbox, so a refusal arrives as a toast.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ForumCategory, ForumPost, ForumThreadPage, ForumThreadSummary } from '../../shared/forum/forum';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { callOperation } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { runTicketAction } from '../api/useTicketAction';
import { formatDateTime } from '../shell/timeText';
import { useUi } from '../shell/uiStore';
import { ServerReadError } from '../staff/ServerReadError';
import { ForumAdminPanel } from './ForumAdminPanel';

const useCategories = () => useQuery({ queryKey: queryKey('forum.categories'), queryFn: () => callOperation('forum.categories', {}), retry: false });

const moderationWords: Record<string, string> = { hide: 'Hid a post', show: 'Showed a post again', lock: 'Locked', unlock: 'Unlocked', move: 'Moved', pin: 'Pinned', unpin: 'Unpinned' };

function ThreadRows({ threads, chosen, onChoose }: { threads: ForumThreadSummary[]; chosen: number | null; onChoose(id: number): void }) {
  if (threads.length === 0) return <p className="muted">No threads.</p>;
  return (
    <ul className="forum-thread-list" aria-label="Threads">
      {threads.map((t) => (
        <li key={t.id}>
          <button type="button" aria-current={t.id === chosen ? 'true' : undefined} onClick={() => onChoose(t.id)}>
            <strong>{t.title}</strong>
            <span className="muted">
              {' '}{t.categoryName} · {t.author.name} · {t.replyCount} {t.replyCount === 1 ? 'reply' : 'replies'}
              {t.pinned ? ' · pinned' : ''}{t.locked ? ' · locked' : ''}{t.hidden ? ' · hidden' : ''}{t.staffAnswered ? ' · staff answered' : ' · unanswered'}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The reason every moderation step needs, asked once for the step at hand. */
function useReason() {
  const [reason, setReason] = useState('');
  const notify = useUi((s) => s.notify);
  const need = (): string | null => {
    if (reason.trim()) return reason.trim();
    notify({ kind: 'error', title: 'Give a reason', body: 'Every moderation step keeps its reason: type it into "Reason" first.' });
    return null;
  };
  return { reason, setReason, need, clear: () => setReason('') };
}

function PostItem({ post, onHide }: { post: ForumPost; onHide(post: ForumPost): void }) {
  return (
    <li className={`forum-post${post.hidden ? ' forum-post-hidden' : ''}`} aria-label={`${post.author.staff ? 'Staff answer' : 'Post'} by ${post.author.name}`}>
      <header>
        <strong>{post.author.name}</strong> {post.author.staff && <span className="badge">Staff</span>}{' '}
        <time className="muted" dateTime={new Date(post.createdAt).toISOString()}>{formatDateTime(post.createdAt)}</time>
        {post.editedAt !== null && <span className="muted"> (edited)</span>}{' '}
        <button type="button" onClick={() => onHide(post)}>{post.hidden ? 'Show again' : post.opening ? 'Hide thread' : 'Hide'}</button>
      </header>
      {post.hidden && (
        <p className="forum-hidden-reason" role="note">
          Hidden from customers by {post.hidden.byName ?? 'staff'} on {formatDateTime(post.hidden.at)}: {post.hidden.reason}
        </p>
      )}
      <SafeMarkdown text={post.body} />
    </li>
  );
}

function ThreadView({ page, categories }: { page: ForumThreadPage; categories: ForumCategory[] }) {
  const t = page.thread;
  const r = useReason();
  const [moveTo, setMoveTo] = useState('');
  const [answer, setAnswer] = useState('');
  const step = async (run: (reason: string) => Promise<unknown>) => {
    const reason = r.need();
    if (reason === null) return;
    if (await run(reason)) r.clear();
  };
  const sendAnswer = async (e: FormEvent) => {
    e.preventDefault();
    if (!answer.trim()) return;
    if (await runTicketAction('forum.reply', { threadId: t.id, body: answer })) setAnswer('');
  };
  return (
    <article className="forum-thread" aria-labelledby="forum-thread-title">
      <h2 id="forum-thread-title">{t.title}</h2>
      <p className="muted">
        {t.categoryName} · started by {t.author.name} on {formatDateTime(t.createdAt)}
        {t.locked ? ` · locked${t.lockReason ? `: ${t.lockReason}` : ''}` : ''}{t.pinned ? ' · pinned' : ''}{t.hidden ? ' · hidden from customers' : ''}
      </p>
      <div className="forum-moderation" role="group" aria-label="Moderate this thread">
        <label>
          Reason <input value={r.reason} onChange={(e) => r.setReason(e.target.value)} maxLength={500} placeholder="kept and shown to staff" />
        </label>
        <button type="button" onClick={() => void step((reason) => runTicketAction('forum.setLocked', { threadId: t.id, locked: !t.locked, reason }))}>{t.locked ? 'Unlock' : 'Lock'}</button>
        <button type="button" onClick={() => void step((reason) => runTicketAction('forum.setPinned', { threadId: t.id, pinned: !t.pinned, reason }))}>{t.pinned ? 'Unpin' : 'Pin'}</button>
        <label>
          Move to{' '}
          <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
            <option value="">choose a category</option>
            {categories.filter((c) => !c.archived && c.id !== t.categoryId).map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}
          </select>
        </label>
        <button type="button" disabled={!moveTo} onClick={() => void step((reason) => runTicketAction('forum.move', { threadId: t.id, categoryId: Number(moveTo), reason }))}>Move</button>
      </div>
      <ol className="forum-posts">
        {page.posts.map((p) => (
          <PostItem key={p.id} post={p} onHide={(post) => void step((reason) => runTicketAction('forum.setPostHidden', { postId: post.id, hidden: !post.hidden, reason }))} />
        ))}
      </ol>
      <form className="forum-answer" aria-label="Answer in this thread" onSubmit={(e) => void sendAnswer(e)}>
        <label>
          Your answer (shown to customers as a staff answer{t.locked ? '; the thread is locked, staff may still answer' : ''})
          <textarea value={answer} onChange={(e) => setAnswer(e.target.value)} rows={5} />
        </label>
        <button type="submit" className="primary" disabled={!answer.trim()}>Post answer</button>
      </form>
      {page.moderation.length > 0 && (
        <section aria-labelledby="forum-history-title">
          <h3 id="forum-history-title">Moderation history</h3>
          <ol className="forum-history">
            {page.moderation.map((m, i) => (
              <li key={i}>
                {formatDateTime(m.at)} · {m.byName}: {moderationWords[m.action] ?? m.action}{m.postId !== null ? ` (post ${m.postId})` : ''} · {m.reason}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}

export function ForumScreen() {
  const queryClient = useQueryClient();
  const categories = useCategories();
  // Customers post through the portal, which the console hears nothing of: read again on demand.
  const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('forum.') });
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const [threadId, setThreadId] = useState<number | null>(null);
  const list = categories.data?.categories ?? [];
  const shownCategory = categoryId ?? list.find((c) => !c.archived)?.id ?? null;
  const threadsInput = search !== null ? { search } : shownCategory !== null ? { categoryId: shownCategory } : null;
  const threads = useInfiniteQuery({
    queryKey: queryKey('forum.threads', threadsInput),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callOperation('forum.threads', { ...threadsInput!, ...(pageParam !== undefined ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: threadsInput !== null,
    retry: false,
  });
  const shownThreads = threads.data?.pages.flatMap((p) => p.threads) ?? null;
  const thread = useQuery({
    queryKey: queryKey('forum.thread', { threadId }),
    queryFn: () => callOperation('forum.thread', { threadId: threadId! }),
    enabled: threadId !== null,
    retry: false,
  });
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setSearch(searchText.trim() || null);
  };
  return (
    <section className="forum-screen" aria-labelledby="forum-title">
      <header className="screen-header">
        <h1 id="forum-title">Forum</h1>
        <form role="search" aria-label="Search the forum" onSubmit={submitSearch}>
          <input type="search" aria-label="Search the forum" value={searchText} onChange={(e) => setSearchText(e.target.value)} maxLength={200} />
          <button type="submit">Search</button>
        </form>
        <button type="button" onClick={refresh}>Refresh</button>
      </header>
      {categories.isPending ? (
        <p className="loading">Reading the forum from the server…</p>
      ) : categories.isError ? (
        <ServerReadError error={categories.error} retry={() => void categories.refetch()} />
      ) : (
        <div className="forum-columns">
          <nav aria-label="Forum categories">
            <ul className="forum-category-list">
              {list.map((c) => (
                <li key={c.id}>
                  <button type="button" aria-current={search === null && c.id === shownCategory ? 'true' : undefined} onClick={() => { setSearch(null); setCategoryId(c.id); }}>
                    {c.name} <span className="count">{c.threadCount}</span>{c.archived ? <span className="muted"> (archived)</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="forum-threads-column">
            {search !== null && <p role="status">Threads matching “{search}”</p>}
            {threads.isError && !shownThreads ? <ServerReadError error={threads.error} retry={() => void threads.refetch()} /> : shownThreads ? <ThreadRows threads={shownThreads} chosen={threadId} onChoose={setThreadId} /> : null}
            {threads.isFetchNextPageError && <ServerReadError error={threads.error} retry={() => void threads.fetchNextPage()} />}
            {threads.hasNextPage && (
              <button type="button" disabled={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
                {threads.isFetchingNextPage ? 'Loading more threads…' : `Load more threads (${shownThreads?.length ?? 0} shown)`}
              </button>
            )}
          </div>
          <div className="forum-thread-column">
            {thread.isError ? <ServerReadError error={thread.error} retry={() => void thread.refetch()} /> : thread.data ? <ThreadView page={thread.data} categories={list} /> : <p className="muted">Choose a thread.</p>}
          </div>
        </div>
      )}
      {categories.data && <ForumAdminPanel categories={list} settings={categories.data.settings} />}
    </section>
  );
}
