/**
 * The conversation tab of a ticket's page: the public messages (customer and staff; internal
 * notes never reach the portal), each rendered by SafeMarkdown with its author, time, files
 * and a "Reply" button; the ticket's attachments; and the "Send new message" form, shown
 * only where a message may be posted (help page b.): an open ticket, or a closed one whose
 * reopen window has passed, where the message starts a follow-up ticket. A closed ticket
 * within its window says how to reopen it instead (help page d.).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { z } from 'zod';
import type { AttachmentEntry } from '../../shared/api/files';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { api, errorText, upload } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice } from '../shell/Page';
import { attachmentsKey, formatTime, ticketKey, type PostMessageAnswer, type TicketDetail, type TicketMessage } from './ticketLabels';
import { setTicketFlash } from './ticketFlash';

type Attachment = z.infer<typeof AttachmentEntry>;

export const authorOf = (m: TicketMessage): string => m.authorName ?? (m.kind === 'staff' ? 'Support team' : 'Customer');

/** The text a Reply puts into the message box: who wrote what, quoted. */
export function quoteOf(m: TicketMessage): string {
  const quoted = m.body.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
  return `${authorOf(m)} wrote on ${formatTime(m.createdAt)}:\n${quoted}\n\n`;
}

const sizeText = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

function AttachmentLink({ ticket, a }: { ticket: number; a: Attachment }) {
  return (
    <>
      <a href={`/api/customer/tickets/${ticket}/attachments/${a.id}`} download={a.fileName}>
        {a.fileName}
      </a>{' '}
      <span className="muted">
        ({sizeText(a.size)}, {a.fromStaff ? 'from our staff' : 'from you'}, {formatTime(a.createdAt)})
      </span>
    </>
  );
}

function ReplyIcon() {
  return (
    <svg className="reply-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <rect x="2" y="5" width="16" height="12" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M2.5 6l7.5 6 7.5-6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M22 16h-6m0 0l2.5-2.5M16 16l2.5 2.5" fill="none" stroke="var(--ok)" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function Conversation({ t, canPost, onReply }: { t: TicketDetail; canPost: boolean; onReply(m: TicketMessage): void }) {
  const attachments = useQuery({
    queryKey: attachmentsKey(t.number),
    queryFn: () => api<{ attachments: Attachment[] }>('GET', `/api/customer/tickets/${t.number}/attachments`),
  });
  const files = attachments.data?.attachments ?? [];
  return (
    <>
      <h2 className="sr-only">Conversation</h2>
      {t.messages.length === 0 ? <Notice>No messages yet.</Notice> : null}
      <ol className="conversation">
        {t.messages.map((m) => {
          const author = authorOf(m);
          const time = formatTime(m.createdAt);
          const own = files.filter((a) => a.messageId === m.id);
          return (
            <li key={m.id}>
              <article className={`message message-${m.kind}`} aria-label={`Message from ${author}, ${time}`}>
                <header className="message-head">
                  <span>
                    <strong>{author}</strong>
                    {m.kind === 'staff' ? <span className="badge">Support team</span> : null}{' '}
                    <time className="muted" dateTime={new Date(m.createdAt).toISOString()}>
                      {time}
                    </time>
                  </span>
                  {canPost ? (
                    <button type="button" className="reply-button" aria-label={`Reply to ${author}'s message of ${time}`} onClick={() => onReply(m)}>
                      <ReplyIcon /> Reply
                    </button>
                  ) : null}
                </header>
                <SafeMarkdown text={m.body} className="markdown message-body" />
                {own.length ? (
                  <ul className="message-files" aria-label="Attached files">
                    {own.map((a) => (
                      <li key={a.id}>
                        <AttachmentLink ticket={t.number} a={a} />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </article>
            </li>
          );
        })}
      </ol>
      <p className="muted live-hint">New replies appear here as soon as they are posted; there is no need to reload the page.</p>
      <section aria-labelledby="ticket-attachments-heading">
        <h2 id="ticket-attachments-heading">Attachments</h2>
        {attachments.error ? <Notice tone="error">{errorText(attachments.error)}</Notice> : null}
        {attachments.isPending ? <Notice>Loading…</Notice> : files.length === 0 ? <p className="muted">No files are attached to this ticket.</p> : (
          <ul className="attachments">
            {files.map((a) => (
              <li key={a.id}>
                <AttachmentLink ticket={t.number} a={a} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Why there is no "Send new message" form on this ticket, and what to do instead. */
export function ClosedTicketNotice({ t }: { t: TicketDetail }) {
  if (t.mergedIntoNumber !== null) {
    return (
      <Notice>
        This ticket was merged into <Link href={`/tickets/${t.mergedIntoNumber}`}>ticket #{t.mergedIntoNumber}</Link>: please continue the conversation there.
      </Notice>
    );
  }
  return (
    <Notice>
      You can post new messages only into open tickets. This ticket is closed; you can reopen it
      {t.reopenUntil !== null ? ` until ${formatTime(t.reopenUntil)}` : ''}: click &ldquo;Ticket properties&rdquo;, choose &ldquo;Reopen&rdquo; from the
      &ldquo;Status&rdquo; drop-down and click &ldquo;Update&rdquo;. Reopen it only if your new information relates to the problem first reported here;
      otherwise please create a new ticket.
    </Notice>
  );
}

export const SendMessageForm = forwardRef<HTMLTextAreaElement, { t: TicketDetail; draft: string; setDraft(v: string): void }>(function SendMessageForm(
  { t, draft, setDraft },
  textareaRef,
) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const errors = useFormErrors();
  const fileInput = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [uploadProblems, setUploadProblems] = useState<string[]>([]);
  const headingId = useId();

  const send = useMutation({
    mutationFn: async ({ body, files }: { body: string; files: File[] }) => {
      const answer = await api<PostMessageAnswer>('POST', `/api/customer/tickets/${t.number}/messages`, { body });
      const mine = [...answer.messages].reverse().find((m) => m.kind === 'customer' && m.body === body.trim());
      const failed: string[] = [];
      for (const f of files) {
        const query = `name=${encodeURIComponent(f.name)}${mine ? `&messageId=${mine.id}` : ''}`;
        try {
          await upload(`/api/customer/tickets/${answer.number}/attachments?${query}`, f);
        } catch (err) {
          failed.push(`${f.name} could not be attached: ${errorText(err)}`);
        }
      }
      return { answer, failed };
    },
    onMutate: () => {
      errors.clear();
      setSent(null);
      setUploadProblems([]);
    },
    onSuccess: ({ answer, failed }) => {
      const { notice, ...detail } = answer;
      queryClient.setQueryData(ticketKey(answer.number), detail);
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      setDraft('');
      if (fileInput.current) fileInput.current.value = '';
      if (answer.number !== t.number) {
        setTicketFlash(answer.number, [notice ?? `Your message started the new ticket #${answer.number}.`, ...failed]);
        navigate(`/tickets/${answer.number}`);
        return;
      }
      setUploadProblems(failed);
      setSent('Your message was sent.');
    },
    onError: (err) => errors.take(err, ['body']),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) {
      errors.set({ body: 'Type in a message first.' });
      return;
    }
    send.mutate({ body: draft, files: [...(fileInput.current?.files ?? [])] });
  };

  return (
    <form className="form send-message" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>Send new message</h2>
      {t.messageStartsFollowUp ? (
        <Notice tone="warning">
          This ticket was closed on {t.closedAt !== null ? formatTime(t.closedAt) : 'an earlier date'} and could be reopened only until{' '}
          {t.reopenUntil !== null ? formatTime(t.reopenUntil) : 'then'}. A message you send now starts a new follow-up ticket to this one.
        </Notice>
      ) : null}
      <Field label="Message" error={errors.field('body')}>
        <textarea ref={textareaRef} value={draft} onChange={(e) => setDraft(e.target.value)} rows={8} />
      </Field>
      <Field label="Attachments (optional)" hint="You can attach several files.">
        <input ref={fileInput} type="file" multiple />
      </Field>
      <FormError error={errors.form} />
      {uploadProblems.map((p) => (
        <p key={p} className="form-error" role="alert">
          {p}
        </p>
      ))}
      {sent ? <p role="status">{sent}</p> : null}
      <div>
        <button type="submit" className="primary" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
});
