/**
 * "Change URL" (the seed's "How to change my license URL?"): the new URL and the 48-hour
 * removal checkbox naming the license's old URL; a pending request comes back in the same
 * form for editing, with a button to cancel it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { urlChangeProblem } from '../../shared/licenses/licenseRules';
import { api } from '../api/portalClient';
import { refreshBeforeLeaving } from '../api/refresh';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { Loading, LoadProblem, useIdParam } from './common';
import { fmtDate, licenseKeys, licenseName, useLicense, type License } from './licenseApi';

export function UrlChangePage() {
  const id = useIdParam('licenseId');
  const detail = useLicense(id);
  if (!Number.isInteger(id)) return <LoadProblem what="License" error={null} />;
  if (detail.isError) return <LoadProblem what="License" error={detail.error} />;
  if (detail.isPending) return <Page title="Change URL"><Loading /></Page>;
  const { license } = detail.data;
  const problem = urlChangeProblem(license);
  return (
    <Page title={`Change URL of ${licenseName(license)} (${license.key})`}>
      <p>
        Current license URL: <span className="license-url">{license.url}</span>
      </p>
      {problem ? <Notice tone="warning">The URL of this license cannot be changed: {problem}.</Notice> : <UrlChangeForm key={license.pendingUrlChange?.newUrl ?? ''} license={license} />}
      <p>
        <Link href="~/licenses">Back to My licenses</Link>
      </p>
    </Page>
  );
}

function UrlChangeForm({ license }: { license: License }) {
  const pending = license.pendingUrlChange;
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const errors = useFormErrors();
  const headingId = useId();
  const checkId = useId();
  const [newUrl, setNewUrl] = useState(pending?.newUrl ?? '');
  const [acknowledged, setAcknowledged] = useState(!!pending);
  const done = async (what: string) => {
    await refreshBeforeLeaving(queryClient, licenseKeys.all);
    navigate(`~/licenses?done=${what}`);
  };
  const send = useMutation({
    mutationFn: () => api('PUT', `/api/customer/licenses/${license.id}/url-change`, { newUrl, acknowledged }),
    onSuccess: () => done('url-change'),
    onError: (e) => errors.take(e, ['newUrl', 'acknowledged']),
  });
  const cancel = useMutation({
    mutationFn: () => api('DELETE', `/api/customer/licenses/${license.id}/url-change`),
    onSuccess: () => done('url-change-cancelled'),
    onError: (e) => errors.take(e, []),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    send.mutate();
  };
  const ackError = errors.field('acknowledged');
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{pending ? 'Your request to change the license URL' : 'Request to change the license URL'}</h2>
      {pending ? (
        <Notice>
          Your request of {fmtDate(pending.createdAt)} to change the URL to {pending.newUrl} is waiting for billing. Correct the record and click &apos;Request to change
          license URL&apos;, or cancel the request.
        </Notice>
      ) : null}
      <form className="form" aria-labelledby={headingId} onSubmit={submit} noValidate>
        <Field label="New URL" error={errors.field('newUrl')} hint="e.g. https://www.example.com/store/">
          <input type="url" value={newUrl} onChange={(e) => setNewUrl(e.target.value)} autoComplete="url" />
        </Field>
        <div className={`field${ackError ? ' field-invalid' : ''}`}>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked)}
              aria-invalid={ackError ? true : undefined}
              aria-describedby={ackError ? `${checkId}-error` : undefined}
            />
            <span>I understand that I have to remove the software from &apos;{license.url}&apos; in 48 hours after the license is reissued</span>
          </label>
          {ackError ? (
            <small id={`${checkId}-error`} className="field-error">
              {ackError}
            </small>
          ) : null}
        </div>
        <FormError error={errors.form} />
        <div className="row-actions">
          <button type="submit" className="primary" disabled={send.isPending}>
            Request to change license URL
          </button>
          {pending ? (
            <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel the request
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
