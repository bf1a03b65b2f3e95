/**
 * The admin's Newsletters screen: write an issue for one of the five topics in markdown, see
 * it as subscribers will (the same safe renderer as every message: raw HTML stays text, only
 * web and mail links are links), send a test to oneself, then send it to the topic's
 * subscribers. Below, the sent issues with their counts (queued, sent, failed, unsubscribed
 * since) and the sending rate. Sending is a local action pushed through the sync outbox, so a
 * refusal arrives as a toast; the list is read from the server (online only) and reread while
 * an issue is still going out. Keyboard: n new issue, p preview.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { z } from 'zod';
import type { SessionInfo } from '../../shared/console/schemas';
import { NewsletterDraft, newsletterTopics, topicTitle, type AdminNewsletters, type NewsletterTopicName } from '../../shared/newsletters/newsletters';
import { SafeMarkdown } from '../../shared/ui/safeText/SafeMarkdown';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useSession } from '../api/reads';
import { loadStored, saveStored } from '../shell/storedJson';
import { formatDate } from '../shell/timeText';
import { useScreenKeys } from '../staff/screenKeys';
import { ServerReadError } from '../staff/ServerReadError';

const useNewsletters = () =>
  useQuery({
    queryKey: queryKey('newsletter.list'),
    queryFn: () => consoleClient().newsletter.list(),
    retry: false,
    // Counts move while the server sends: reread until every issue is out.
    refetchInterval: (q) => ((q.state.data as AdminNewsletters | undefined)?.issues.some((i) => i.queued > 0) ? 3_000 : false),
  });

/** A new key per issue: the server makes one issue of a key however often it is pushed. */
const newIssueKey = (): string => `issue-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

type Errors = Partial<Record<'topic' | 'subject' | 'body' | 'form', string>>;

/** The shared rules' reasons, by field, before anything is pushed. */
function draftErrors(draft: unknown): Errors | null {
  const r = NewsletterDraft.safeParse(draft);
  if (r.success) return null;
  return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message]));
}

/**
 * The issue being written, kept per server and admin as it is typed, so leaving the screen or
 * restarting the console loses nothing. Its issue key is kept too: sent again after a restart,
 * it is still the one issue on the server.
 */
const IssueDraft = z.object({ topic: z.enum(newsletterTopics), subject: z.string(), body: z.string(), issueKey: z.string() });
type IssueDraft = z.infer<typeof IssueDraft>;
const draftKeyOf = (session: SessionInfo | null | undefined) => (session ? `switchboard.newsletterDraft.${session.serverUrl}.${session.user.id}` : null);

function Composer({ data, topicRef }: { data: AdminNewsletters; topicRef: React.Ref<HTMLSelectElement> }) {
  const draftKey = draftKeyOf(useSession().data);
  const [draft, setDraft] = useState<IssueDraft>(() => ({ topic: 'company_news', subject: '', body: '', issueKey: newIssueKey() }));
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  if (draftKey && loadedKey !== draftKey) {
    // Loaded in the render the session arrives in, before anything is typed into the form.
    setLoadedKey(draftKey);
    const stored = loadStored(draftKey, IssueDraft);
    if (stored) setDraft(stored);
  }
  const { topic, subject, body, issueKey } = draft;
  const change = (next: Partial<IssueDraft>) => {
    // Edited, it is another issue: a new key, so a draft restored after a send that did go out
    // (its clearing lost to a quit) cannot be swallowed as a repeat of that issue once changed.
    const updated = { ...draft, ...next, issueKey: newIssueKey() };
    setDraft(updated);
    if (draftKey) saveStored(draftKey, updated.subject.trim() || updated.body.trim() ? updated : null);
  };
  const setTopic = (t: NewsletterTopicName) => change({ topic: t });
  const setSubject = (text: string) => change({ subject: text });
  const setBody = (text: string) => change({ body: text });
  const [preview, setPreview] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const subscribers = data.subscribers[topic] ?? 0;

  const checked = () => {
    const candidate = { topic, subject, body };
    const problems = draftErrors(candidate);
    setErrors(problems ?? {});
    return problems ? null : candidate;
  };
  const run = async (step: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await step();
      setNotice(done);
      return true;
    } catch (err) {
      setErrors({ form: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };
  const testSend = async () => {
    const candidate = checked();
    if (candidate) await run(() => consoleClient().newsletter.testSend(candidate), `Test of "${candidate.subject.trim()}" sent to your own address.`);
  };
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const checkedDraft = checked();
    if (!checkedDraft) return;
    if (!window.confirm(`Send "${checkedDraft.subject.trim()}" to the ${subscribers} subscribers of ${topicTitle(topic)}? This cannot be undone.`)) return;
    const sent = await run(() => consoleClient().newsletter.send({ ...checkedDraft, issueKey }), `"${checkedDraft.subject.trim()}" is on its way to ${subscribers} subscribers of ${topicTitle(topic)}.`);
    if (!sent) return; // refused: the draft stays, with the reason shown
    setDraft({ topic, subject: '', body: '', issueKey: newIssueKey() });
    if (draftKey) saveStored(draftKey, null);
    setPreview(false);
  };
  const fieldProps = (name: keyof Errors) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `newsletter-${name}-error` : undefined });
  const errorOf = (name: keyof Errors) => errors[name] && <span id={`newsletter-${name}-error`} role="alert" className="field-error">{errors[name]}</span>;

  return (
    <form className="newsletter-form" aria-label="New newsletter issue" noValidate onSubmit={send}>
      <h2>New issue</h2>
      <label>
        Topic
        <select ref={topicRef} value={topic} onChange={(e) => setTopic(e.target.value as NewsletterTopicName)} {...fieldProps('topic')}>
          {newsletterTopics.map((t) => <option key={t} value={t}>{topicTitle(t)} ({data.subscribers[t] ?? 0} subscribers)</option>)}
        </select>
        {errorOf('topic')}
      </label>
      <label>
        Subject
        <input value={subject} onChange={(e) => setSubject(e.target.value)} {...fieldProps('subject')} />
        {errorOf('subject')}
      </label>
      <label>
        Body (markdown)
        <textarea rows={10} value={body} onChange={(e) => setBody(e.target.value)} {...fieldProps('body')} />
        {errorOf('body')}
      </label>
      <div className="form-actions">
        <button type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>{preview ? 'Hide preview' : 'Preview'}</button>
        <button type="button" onClick={() => void testSend()}>Send test to me</button>
        <button type="submit" className="primary">Send to {subscribers} subscribers…</button>
      </div>
      {errorOf('form')}
      {notice && <p className="notice" role="status">{notice}</p>}
      {preview && (
        <section className="newsletter-preview" aria-label="Preview">
          <h3>{subject.trim() || '(no subject)'}</h3>
          <SafeMarkdown text={body} />
          <p className="muted">You receive this because your company is subscribed to "{topicTitle(topic)}". Unsubscribe from {topicTitle(topic)} · Newsletter options</p>
        </section>
      )}
    </form>
  );
}

function SendingRate({ perMinute }: { perMinute: number }) {
  const [value, setValue] = useState(String(perMinute));
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await consoleClient().newsletter.setThrottle({ perMinute: Number(value) });
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message.replace(/^[\w.]+: perMinute: /, '') : String(err));
    }
  };
  return (
    <form className="name-form" aria-label="Sending rate" noValidate onSubmit={save}>
      <label>
        Emails per minute (all servers together)
        <input inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} aria-describedby={error ? 'newsletter-rate-error' : undefined} />
        {error && <span id="newsletter-rate-error" role="alert" className="field-error">{error}</span>}
      </label>
      <button type="submit">Save rate</button>
    </form>
  );
}

export function NewslettersScreen() {
  const newsletters = useNewsletters();
  const topicRef = useRef<HTMLSelectElement | null>(null);
  useScreenKeys(useCallback((key: string) => {
    if (key === 'n') topicRef.current?.focus();
    else if (key === 'p') document.querySelector<HTMLButtonElement>('.newsletter-form button[aria-pressed]')?.click();
    else return false;
    return true;
  }, []));
  const data = newsletters.data;

  return (
    <section className="newsletters-screen" aria-labelledby="newsletters-title">
      <header className="screen-header">
        <h1 id="newsletters-title">Newsletters</h1>
        <p className="muted"><kbd>n</kbd> new issue · <kbd>p</kbd> preview</p>
      </header>
      {newsletters.isPending ? (
        <p className="loading">Reading the newsletters from the server…</p>
      ) : newsletters.isError || !data ? (
        <ServerReadError error={newsletters.error} retry={() => void newsletters.refetch()} />
      ) : (
        <>
          <Composer data={data} topicRef={topicRef} />
          <table className="billing-table" aria-label="Sent newsletters">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Topic</th>
                <th scope="col">Subject</th>
                <th scope="col">Recipients</th>
                <th scope="col">Queued</th>
                <th scope="col">Delivered</th>
                <th scope="col">Failed</th>
                <th scope="col">Unsubscribed since</th>
              </tr>
            </thead>
            <tbody>
              {data.issues.length === 0 && (
                <tr><td colSpan={8} className="muted">No issue sent yet.</td></tr>
              )}
              {data.issues.map((i) => (
                <tr key={i.id}>
                  <td>{formatDate(i.sentAt)}{i.sentByName ? <div className="muted">by {i.sentByName}</div> : null}</td>
                  <td>{topicTitle(i.topic)}</td>
                  <td>{i.subject}</td>
                  <td>{i.recipients}{i.skipped ? <div className="muted">{i.skipped} left before their turn</div> : null}</td>
                  <td>{i.queued}</td>
                  <td>{i.sent}</td>
                  <td>{i.failed}</td>
                  <td>{i.unsubscribedSince}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <SendingRate key={data.perMinute} perMinute={data.perMinute} />
        </>
      )}
    </section>
  );
}
