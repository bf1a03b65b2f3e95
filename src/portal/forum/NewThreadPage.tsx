/** "New thread": the category, a title and the first post (markdown), then the thread's page. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { forumLimits, type ForumPosted } from '../../shared/forum/forum';
import { api, errorText } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { forumKeys, newClientRef, readCategories } from './forumData';

const fields = ['categoryId', 'title', 'body'] as const;

export function NewThreadPage() {
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: forumKeys.categories, queryFn: readCategories });
  const [categoryId, setCategoryId] = useState(params.get('category') ?? '');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const clientRef = useRef(newClientRef());
  const errors = useFormErrors();

  const send = useMutation({
    mutationFn: () => api<ForumPosted>('POST', '/api/forum/threads', { categoryId: Number(categoryId), title, body, clientRef: clientRef.current }),
    onMutate: () => errors.clear(),
    onSuccess: (posted) => {
      void queryClient.invalidateQueries({ queryKey: forumKeys.all });
      navigate(`~/forum/threads/${posted.threadId}`);
    },
    onError: (err) => errors.take(err, fields),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!categoryId) missing.categoryId = 'Choose a category.';
    if (!title.trim()) missing.title = 'Type in a title.';
    if (!body.trim()) missing.body = 'Type in your question or message.';
    if (Object.keys(missing).length) return errors.set(missing);
    send.mutate();
  };

  return (
    <Page title="New thread">
      <p>
        <Link href="~/forum">Back to the forum</Link>
      </p>
      {categories.isError ? <Notice tone="error">{errorText(categories.error)}</Notice> : null}
      <form className="form" aria-label="New thread" onSubmit={submit} noValidate>
        <Field label="Category" error={errors.field('categoryId')}>
          <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            <option value="">Choose a category</option>
            {(categories.data?.categories ?? []).map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Title" error={errors.field('title')} hint={`At most ${forumLimits.title} characters.`}>
          <input value={title} maxLength={forumLimits.title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="Message" error={errors.field('body')} hint="Markdown: **bold**, *italic*, `code`, lists and links.">
          <textarea value={body} rows={10} onChange={(e) => setBody(e.target.value)} />
        </Field>
        <FormError error={errors.form} />
        <div>
          <button type="submit" className="primary" disabled={send.isPending}>
            {send.isPending ? 'Posting…' : 'Post thread'}
          </button>
        </div>
      </form>
    </Page>
  );
}
