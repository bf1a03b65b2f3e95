/**
 * "Create a new ticket", as the help page's "a. How to submit new ticket" walks through it:
 * the type of the question, the license moved from the "Unset" box into the "Set" box with
 * "<" (and back with ">"), its "Product version:", the priority with what each level means,
 * HotRush with its surcharge, a brief description, the message and "Send". Before sending it
 * warns about cross-posting when an open ticket has a similar subject. Files chosen under
 * "Attachments" are uploaded to the new ticket right after it is made.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import type { CustomerTicketDetail } from '../../shared/api/customerTickets';
import type { SimilarTicketsResponse, TicketFormResponse } from '../../shared/api/customerTicketIndex';
import type { Priority } from '../../shared/domain/model';
import type { z } from 'zod';
import { api, errorText, upload } from '../api/portalClient';
import { refreshBeforeLeaving } from '../api/refresh';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { creatableTypes, points, priorities, priorityLabels, priorityMeaning, statusLabels, typeLabels } from './ticketListLabels';
import { licenseName } from '../licenses/licenseApi';
import './ticketList.css';
import { PrioritySelect } from './PrioritySelect';

type CreatableType = (typeof creatableTypes)[number];
type License = TicketFormResponse['licenses'][number];
const fields = ['type', 'licenseId', 'productVersion', 'priority', 'hotRush', 'subject', 'body'] as const;

const licenseText = (l: License): string => `${l.url || 'no URL'} (${licenseName(l)}${l.productVersion ? ` ${l.productVersion}` : ''})`;

/** The "Set" / "Unset" boxes: at most one license in Set; "<" moves the chosen Unset license in (swapping out the one there), ">" returns it. */
function LicenseChooser({ licenses, setId, onChange, error }: { licenses: License[]; setId: number | null; onChange(id: number | null): void; error?: string }) {
  const id = useId();
  const [unsetPick, setUnsetPick] = useState<string>('');
  const [setPick, setSetPick] = useState<string>('');
  const [hint, setHint] = useState('');
  const inSet = licenses.filter((l) => l.id === setId);
  const unset = licenses.filter((l) => l.id !== setId);

  const moveIn = () => {
    const chosen = unset.find((l) => String(l.id) === unsetPick);
    if (!chosen) return setHint('Choose a license in the "Unset" box first, then press "<".');
    onChange(chosen.id);
    setSetPick(String(chosen.id));
    setUnsetPick('');
    setHint(`${licenseText(chosen)} is set for this ticket.`);
  };
  const moveOut = () => {
    const chosen = inSet.find((l) => String(l.id) === setPick) ?? (inSet.length === 1 ? inSet[0] : undefined);
    if (!chosen) return setHint('There is no license in the "Set" box.');
    onChange(null);
    setUnsetPick(String(chosen.id));
    setSetPick('');
    setHint(`${licenseText(chosen)} is back in the "Unset" box.`);
  };
  const onKey = (move: () => void) => (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      move();
    }
  };

  return (
    <fieldset className={`license-chooser${error ? ' field-invalid' : ''}`} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>License</legend>
      {licenses.length === 0 ? (
        <p className="muted">Your account has no active license; you can send the ticket without one.</p>
      ) : (
        <div className="license-boxes">
          <div className="box">
            <label htmlFor={`${id}-set`}>Set</label>
            <select id={`${id}-set`} size={Math.max(3, Math.min(6, licenses.length))} value={setPick} onChange={(e) => setSetPick(e.target.value)} onKeyDown={onKey(moveOut)}>
              {inSet.map((l) => (
                <option key={l.id} value={String(l.id)}>
                  {licenseText(l)}
                </option>
              ))}
            </select>
          </div>
          <div className="license-moves">
            <button type="button" aria-label="< Set the license chosen in the Unset box" title="Move the chosen license into the Set box" onClick={moveIn}>
              &lt;
            </button>
            <button type="button" aria-label="> Return the license to the Unset box" title="Return the license into the Unset box" onClick={moveOut}>
              &gt;
            </button>
          </div>
          <div className="box">
            <label htmlFor={`${id}-unset`}>Unset</label>
            <select id={`${id}-unset`} size={Math.max(3, Math.min(6, licenses.length))} value={unsetPick} onChange={(e) => setUnsetPick(e.target.value)} onKeyDown={onKey(moveIn)}>
              {unset.map((l) => (
                <option key={l.id} value={String(l.id)}>
                  {licenseText(l)}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <small id={`${id}-hint`} className="field-hint">
        Click the license URL in the right &quot;Unset&quot; box and press &quot;&lt;&quot; to move it into the left &quot;Set&quot; box (one license per ticket); press
        &quot;&gt;&quot; to return it.
      </small>
      <p className="sr-only" role="status">
        {hint}
      </p>
      {error ? (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}

export function NewTicketPage() {
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const form = useQuery({ queryKey: ['ticket-form'], queryFn: () => api<TicketFormResponse>('GET', '/api/customer/tickets/form') });
  const initialType = creatableTypes.find((t) => t === params.get('type')) ?? 'tech';
  const [type, setType] = useState<CreatableType>(initialType);
  const [licenseId, setLicenseId] = useState<number | null>(null);
  const [productVersion, setProductVersion] = useState('');
  const offeredVersion = useRef('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [hotRush, setHotRush] = useState(false);
  // Pre-filled by a page that opens a ticket for a purpose (How to change hosting plan).
  const [subject, setSubject] = useState(() => params.get('subject')?.slice(0, 300) ?? '');
  const [body, setBody] = useState(() => params.get('body')?.slice(0, 10_000) ?? '');
  const files = useRef<HTMLInputElement>(null);
  const [similar, setSimilar] = useState<SimilarTicketsResponse['tickets'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [createdAfterError, setCreatedAfterError] = useState<number | null>(null);
  const errors = useFormErrors();
  const versionsId = useId();

  const licenses = form.data?.licenses ?? [];
  const chosen = licenses.find((l) => l.id === licenseId);
  const meaning = priorityMeaning(form.data?.minorTurnaroundMs ?? 24 * 3_600_000);

  const chooseLicense = (id: number | null) => {
    const next = licenses.find((l) => l.id === id);
    setLicenseId(id);
    // Offer the license's version; keep a version the customer typed (one we offered earlier is not theirs).
    if (next && (!productVersion || productVersion === offeredVersion.current)) {
      setProductVersion(next.productVersion);
      offeredVersion.current = next.productVersion;
    }
  };

  const send = async (checkCrossPosting: boolean) => {
    errors.clear();
    setBusy(true);
    try {
      if (checkCrossPosting && subject.trim()) {
        const found = await api<SimilarTicketsResponse>('GET', `/api/customer/tickets/form/similar?${new URLSearchParams({ subject: subject.trim() })}`);
        if (found.tickets.length) {
          setSimilar(found.tickets);
          return;
        }
      }
      setSimilar(null);
      const created = await api<z.infer<typeof CustomerTicketDetail>>('POST', '/api/customer/tickets', {
        type, subject, body, priority, hotRush, licenseId, productVersion: productVersion.trim() || undefined,
      });
      const firstMessage = created.messages[0]?.id;
      for (const file of Array.from(files.current?.files ?? [])) {
        try {
          const q = new URLSearchParams({ name: file.name, ...(firstMessage ? { messageId: String(firstMessage) } : {}) });
          await upload(`/api/customer/tickets/${created.number}/attachments?${q}`, file);
        } catch (err) {
          await queryClient.invalidateQueries({ queryKey: ['tickets'] });
          errors.take(new Error(`Ticket #${created.number} was created, but "${file.name}" could not be attached: ${errorText(err)} Open the ticket to attach it again.`), []);
          setCreatedAfterError(created.number);
          return;
        }
      }
      await refreshBeforeLeaving(queryClient, ['tickets']);
      navigate(`/tickets/${created.number}`);
    } catch (err) {
      errors.take(err, fields);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(true);
  };

  return (
    <Page title="Create a new ticket">
      {form.isError ? <Notice tone="error">{errorText(form.error)}</Notice> : null}
      <form className="form" aria-label="Create a new ticket" onSubmit={submit} noValidate>
        <Field label="Type of your question" error={errors.field('type')}>
          <select value={type} onChange={(e) => setType(e.target.value as CreatableType)}>
            {creatableTypes.map((t) => (
              <option key={t} value={t}>
                {typeLabels[t]}
              </option>
            ))}
          </select>
        </Field>
        {form.isPending ? <Notice>Loading your licenses…</Notice> : <LicenseChooser licenses={licenses} setId={licenseId} onChange={chooseLicense} error={errors.field('licenseId')} />}
        <Field
          label="Product version:"
          error={errors.field('productVersion')}
          hint={
            <>
              {chosen?.productVersion ? `Your license is registered for version ${chosen.productVersion}; change it if your store runs another. ` : null}
              To learn your store version, open your store URL with /VERSION in your browser (for example http://demo.x-cart.com/demo/VERSION).
            </>
          }
        >
          <input type="text" list={versionsId} value={productVersion} maxLength={50} onChange={(e) => setProductVersion(e.target.value)} autoComplete="off" />
        </Field>
        <datalist id={versionsId}>
          {chosen?.productVersion ? <option value={chosen.productVersion} /> : null}
        </datalist>
        <Field
          label="Priority"
          error={errors.field('priority')}
          hint={
            <span className="priority-meaning">
              {priorities.map((p) => (
                <span key={p} className="priority-line">
                  <strong>{priorityLabels[p]}</strong>: {meaning[p]}.{' '}
                </span>
              ))}
              If the problem brooks no delay, mark the ticket as HotRush.
            </span>
          }
        >
          <PrioritySelect value={priority} onChange={setPriority} />
        </Field>
        <HotRushBox checked={hotRush} onChange={setHotRush} surcharge={form.data?.hotRushSurcharge} error={errors.field('hotRush')} />
        <Field label="Brief description" error={errors.field('subject')} hint="A good description of the reported subject: what fails, where, since when.">
          <input type="text" value={subject} maxLength={300} onChange={(e) => setSubject(e.target.value)} />
        </Field>
        <Field label="Message" error={errors.field('body')} hint="Your store version, software type, the problem URL. Server access details go to the ticket's access info, not here.">
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={10} />
        </Field>
        <Field label="Attachments">
          <input type="file" multiple ref={files} />
        </Field>
        {similar ? (
          <section className="cross-posting" aria-labelledby="cross-posting-title" role="alert">
            <h2 id="cross-posting-title">You may already have a ticket on this subject</h2>
            <p>Please do not post the same question to different tickets (&quot;cross posting&quot;). These open tickets have a similar subject:</p>
            <ul>
              {similar.map((t) => (
                <li key={t.number}>
                  <Link href={`/tickets/${t.number}`}>
                    #{t.number} {t.subject}
                  </Link>{' '}
                  <span className="muted">
                    ({typeLabels[t.type]}, {statusLabels[t.status]})
                  </span>
                </li>
              ))}
            </ul>
            <p>Continue the conversation in that ticket, or send this one if it is a different issue.</p>
            <div className="form-actions">
              <button type="button" onClick={() => void send(false)} disabled={busy}>
                Send anyway
              </button>
            </div>
          </section>
        ) : null}
        <FormError error={errors.form} />
        {createdAfterError ? (
          <p>
            <Link href={`/tickets/${createdAfterError}`}>Open ticket #{createdAfterError}</Link>
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || createdAfterError !== null}>
            Send
          </button>
        </div>
      </form>
    </Page>
  );
}

function HotRushBox({ checked, onChange, surcharge, error }: { checked: boolean; onChange(v: boolean): void; surcharge?: number; error?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="checkbox">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
        <label htmlFor={id}>HotRush</label>
      </div>
      <small id={`${id}-hint`} className="field-hint">
        Sets the ticket to the highest priority, processed out of turn (HotRush support).
        {surcharge !== undefined ? ` It adds ${points(surcharge)} to the ticket's cost.` : ''}
      </small>
      {error ? <small className="field-error">{error}</small> : null}
    </div>
  );
}
