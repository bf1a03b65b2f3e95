/**
 * A thread: its posts oldest first through the safe markdown renderer, staff answers marked
 * "Staff", a reply form (refused with the reason when the thread is locked), and Edit on the
 * reader's own posts while the thread is open.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import type { ForumPost, ForumPosted, ForumThreadPage } from '../../shared/forum/forum';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { api, errorText } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { formatTime } from '../tickets/ticketLabels';
import { forumKeys, newClientRef, readThread, replyWord } from './forumData';
import '../tickets/ticketPage.css';

export function ThreadPage() {
  const { threadId } = useParams<{ threadId: string }>();
  const id = Number(threadId);
  const valid = Number.isInteger(id) && id > 0;
  const page = useQuery({ queryKey: forumKeys.thread(id), queryFn: () => readThread(id), enabled: valid });
  const t = page.data?.thread;
  return (
    <Page title={t?.title ?? 'Forum thread'}>
      <p>
        <Link href="~/forum">Forum</Link>
        {t ? (
          <>
            {' › '}
            <Link href={`~/forum/categories/${t.categoryId}`}>{t.categoryName}</Link>
          </>
        ) : null}
      </p>
      {!valid ? <Notice tone="error">There is no such forum thread.</Notice> : null}
      {page.isPending && valid ? <Notice>Loading…</Notice> : null}
      {page.isError ? <Notice tone="error">{errorText(page.error)}</Notice> : null}
      {page.data ? <Thread page={page.data} /> : null}
    </Page>
  );
}

function Thread({ page }: { page: ForumThreadPage }) {
  const t = page.thread;
  const byId = new Map(page.posts.map((p) => [p.id, p]));
  return (
    <>
      <p className="muted">
        {t.pinned ? <span className="badge">Pinned</span> : null} {t.locked ? <span className="badge">Locked</span> : null} {replyWord(t.replyCount)}
      </p>
      <h2 className="sr-only">Posts</h2>
      <ol className="conversation forum-posts">
        {page.posts.map((p) => (
          <li key={p.id}>
            <Post post={p} quoted={p.quotePostId !== null ? byId.get(p.quotePostId) : undefined} threadId={t.id} canEdit={p.mine && !t.locked} />
          </li>
        ))}
      </ol>
      {t.locked ? <Notice tone="warning">This thread is locked by the moderators: it takes no more replies.</Notice> : <ReplyForm threadId={t.id} />}
    </>
  );
}

function Post({ post, quoted, threadId, canEdit }: { post: ForumPost; quoted?: ForumPost; threadId: number; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const time = formatTime(post.createdAt);
  return (
    <article className={`message ${post.author.staff ? 'message-staff' : 'message-customer'}`} aria-label={`${post.author.staff ? 'Staff answer' : 'Post'} by ${post.author.name}, ${time}`}>
      <header className="message-head">
        <span>
          <strong>{post.author.name}</strong>
          {post.author.staff ? <span className="badge badge-staff">Staff</span> : null}{' '}
          <time className="muted" dateTime={new Date(post.createdAt).toISOString()}>
            {time}
          </time>
          {post.editedAt !== null ? <span className="muted"> (edited)</span> : null}
        </span>
        {canEdit && !editing ? (
          <button type="button" onClick={() => setEditing(true)} aria-label={`Edit your post of ${time}`}>
            Edit
          </button>
        ) : null}
      </header>
      {quoted ? <p className="muted forum-quote">In reply to {quoted.author.name}</p> : null}
      {editing ? <EditForm post={post} threadId={threadId} onDone={() => setEditing(false)} /> : <SafeMarkdown text={post.body} className="markdown message-body" />}
    </article>
  );
}

function EditForm({ post, threadId, onDone }: { post: ForumPost; threadId: number; onDone(): void }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState(post.body);
  const errors = useFormErrors();
  const save = useMutation({
    mutationFn: () => api<ForumPosted>('PATCH', `/api/forum/posts/${post.id}`, { body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: forumKeys.thread(threadId) });
      onDone();
    },
    onError: (err) => errors.take(err, ['body']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return errors.set({ body: 'Type in a message first.' });
    save.mutate();
  };
  return (
    <form className="form" aria-label="Edit your post" onSubmit={submit} noValidate>
      <Field label="Your post" error={errors.field('body')}>
        <textarea value={body} rows={6} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <FormError error={errors.form} />
      <div>
        <button type="submit" className="primary" disabled={save.isPending}>Save</button> <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function ReplyForm({ threadId }: { threadId: number }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const clientRef = useRef(newClientRef());
  const errors = useFormErrors();
  const headingId = useId();
  const send = useMutation({
    mutationFn: () => api<ForumPosted>('POST', `/api/forum/threads/${threadId}/posts`, { body: draft, clientRef: clientRef.current }),
    onMutate: () => {
      errors.clear();
      setSent(null);
    },
    onSuccess: async () => {
      clientRef.current = newClientRef();
      setDraft('');
      setSent('Your reply was posted.');
      await queryClient.invalidateQueries({ queryKey: forumKeys.all });
    },
    onError: (err) => errors.take(err, ['body']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return errors.set({ body: 'Type in a reply first.' });
    send.mutate();
  };
  return (
    <form className="form send-message" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>Reply</h2>
      <Field label="Your reply" error={errors.field('body')} hint="Markdown: **bold**, *italic*, `code`, lists and links.">
        <textarea value={draft} rows={6} onChange={(e) => setDraft(e.target.value)} />
      </Field>
      <FormError error={errors.form} />
      {sent ? <p role="status">{sent}</p> : null}
      <div>
        <button type="submit" className="primary" disabled={send.isPending}>
          {send.isPending ? 'Posting…' : 'Post reply'}
        </button>
      </div>
    </form>
  );
}
