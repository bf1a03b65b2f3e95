/**
 * The "Post access info" tab (the help page's recommendations): server details for the support
 * engineers, stored encrypted. The text is never shown back: the tab lists only when access
 * info was posted and by whom.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice } from '../shell/Page';
import { accessInfoKey, formatTime, type AccessInfo } from './ticketLabels';

export function AccessInfoTab({ number }: { number: number }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [posted, setPosted] = useState<string | null>(null);
  const errors = useFormErrors();
  const list = useQuery({
    queryKey: accessInfoKey(number),
    queryFn: () => api<{ accessInfos: AccessInfo[] }>('GET', `/api/customer/tickets/${number}/access-info`),
  });
  const post = useMutation({
    mutationFn: (value: string) => api<{ stored: true }>('POST', `/api/customer/tickets/${number}/access-info`, { text: value }),
    onMutate: () => {
      errors.clear();
      setPosted(null);
    },
    onSuccess: () => {
      setText('');
      setPosted('Your access info was posted. It is stored encrypted and is not shown here again.');
      void queryClient.invalidateQueries({ queryKey: accessInfoKey(number) });
    },
    onError: (err) => errors.take(err, ['text']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      errors.set({ text: 'Type in the access details first.' });
      return;
    }
    post.mutate(text);
  };
  const entries = list.data?.accessInfos ?? [];
  return (
    <>
      <h2>Post access info</h2>
      <p>
        Specify your store version, software type, problem URL and access to your server (hosting control panel, FTP/SSH, your store&apos;s admin area). It helps
        the support engineers a lot in troubleshooting.
      </p>
      <form className="form" aria-label="Post access info" onSubmit={submit} noValidate>
        <Field label="Access info" error={errors.field('text')} hint="Stored encrypted, for our support staff only. Once posted it is never shown again, here or anywhere in your account.">
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={6} autoComplete="off" spellCheck={false} />
        </Field>
        <FormError error={errors.form} />
        {posted ? <p role="status">{posted}</p> : null}
        <div>
          <button type="submit" className="primary" disabled={post.isPending}>
            {post.isPending ? 'Posting…' : 'Post access info'}
          </button>
        </div>
      </form>
      <h3>Access info posted to this ticket</h3>
      {list.error ? <Notice tone="error">{errorText(list.error)}</Notice> : null}
      {list.isPending ? (
        <Notice>Loading…</Notice>
      ) : entries.length === 0 ? (
        <p className="muted">No access info has been posted to this ticket yet.</p>
      ) : (
        <ul className="access-infos">
          {entries.map((a) => (
            <li key={a.id}>
              Access info posted on {formatTime(a.createdAt)} by {a.createdByName}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
