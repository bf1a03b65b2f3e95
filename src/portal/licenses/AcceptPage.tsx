/**
 * "Accept" a license transferred to this account (the seed's "How to accept the transferred
 * license?"): the agreement terms, the signature written between two slashes, and after
 * signing the license is Active and its files are in the File area.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { licenseAgreementTerms, licenseAgreementTitle, signatureHelp } from '../../shared/licenses/agreement';
import { api } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { Loading, LoadProblem, useIdParam } from './common';
import { kindLabel, licenseKeys, licenseName, useLicenseList, type AwaitingSignature } from './licenseApi';

export function AcceptPage() {
  const id = useIdParam('transferId');
  const list = useLicenseList();
  const [accepted, setAccepted] = useState<AwaitingSignature | null>(null);
  if (accepted) {
    return (
      <Page title={`Accepted: ${licenseName(accepted)} (${accepted.key})`}>
        <Notice>
          You accepted the license {accepted.key}. It is Active now, and all its distributives, patches and documentation appear in your{' '}
          <Link href="~/files">File area</Link>.
        </Notice>
        <p>
          <Link href="~/licenses">Back to My licenses</Link>
        </p>
      </Page>
    );
  }
  if (list.isError) return <LoadProblem what="Transferred license" error={list.error} />;
  if (list.isPending) return <Page title="Accept the transferred license"><Loading /></Page>;
  const transfer = list.data.awaitingSignature.find((t) => t.id === id);
  if (!transfer) return <LoadProblem what="Transferred license" error={null} />;
  return <AcceptForm transfer={transfer} onAccepted={setAccepted} />;
}

function AcceptForm({ transfer: t, onAccepted }: { transfer: AwaitingSignature; onAccepted: (t: AwaitingSignature) => void }) {
  const queryClient = useQueryClient();
  const errors = useFormErrors();
  const termsId = useId();
  const [signature, setSignature] = useState('');
  const accept = useMutation({
    mutationFn: () => api('POST', `/api/customer/transfers/${t.id}/accept`, { signature }),
    onSuccess: async () => {
      onAccepted(t);
      await queryClient.invalidateQueries({ queryKey: licenseKeys.all });
    },
    onError: (e) => errors.take(e, ['signature']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    accept.mutate();
  };
  return (
    <Page title={`Accept ${licenseName(t)} (${t.key})`}>
      <p>
        {kindLabel(t.kind)} {t.key}, {t.product} {t.edition} {t.productVersion}, at <span className="license-url">{t.url}</span>, transferred to you by {t.fromCompany}
        {t.points ? ` with ${t.points} support points` : ''}. Its status is Not accepted until you sign the agreement.
      </p>
      <section aria-labelledby={termsId} className="agreement">
        <h2 id={termsId}>Agreement terms</h2>
        <p className="muted">{licenseAgreementTitle}: read the terms carefully, so as to avoid misunderstandings in future.</p>
        <ol>
          {licenseAgreementTerms.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ol>
      </section>
      <form className="form narrow" aria-label="Accept the agreement terms" onSubmit={submit} noValidate>
        <Field label="Signature" error={errors.field('signature')} hint={signatureHelp}>
          <input value={signature} onChange={(e) => setSignature(e.target.value)} autoComplete="off" placeholder="/John Smith/" />
        </Field>
        <FormError error={errors.form} />
        <div>
          <button type="submit" className="primary" disabled={accept.isPending}>
            Accept
          </button>
        </div>
      </form>
    </Page>
  );
}
