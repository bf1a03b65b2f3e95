/**
 * "Transfer" opposite a main license: the seed's "How to transfer the license to another
 * party?" / "How to transfer the license?" form, and under it "How to transfer skin/add-on
 * license?" for the add-ons and skins registered to it ('Select products', 'License key').
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { licenseStatusLabels, transferProblem } from '../../shared/licenses/licenseRules';
import { api } from '../api/portalClient';
import { refreshBeforeLeaving } from '../api/refresh';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { Loading, LoadProblem, useIdParam } from './common';
import { kindLabel, licenseKeys, licenseName, useLicense, useLicenseList, usePointsBalance, type License } from './licenseApi';

export function TransferPage() {
  const id = useIdParam('licenseId');
  const detail = useLicense(id);
  const list = useLicenseList();
  const points = usePointsBalance();
  if (!Number.isInteger(id)) return <LoadProblem what="License" error={null} />;
  if (detail.isError) return <LoadProblem what="License" error={detail.error} />;
  if (detail.isPending || list.isPending) return <Page title="Transfer"><Loading /></Page>;
  const { license, addons } = detail.data;
  const balance = points.data?.account.pointsBalance;
  const title = `Transfer ${licenseName(license)} (${license.key})`;
  if (license.kind !== 'main') {
    return (
      <Page title={title}>
        <Notice>
          A {kindLabel(license.kind).toLowerCase()} is transferred from the license it is registered to.{' '}
          {license.parentLicenseId ? <Link href={`/${license.parentLicenseId}/transfer?select=${license.id}`}>Transfer it there</Link> : null}
        </Notice>
      </Page>
    );
  }
  const ownOtherMains = (list.data?.licenses ?? []).filter((l) => l.kind === 'main' && l.id !== license.id && l.status === 'active' && l.product === license.product);
  const problem = transferProblem(license);
  return (
    <Page title={title}>
      <p>
        License URL: <span className="license-url">{license.url}</span> · Status: {licenseStatusLabels[license.status]}
        {balance !== undefined ? ` · Your support points: ${balance}` : ''}
      </p>
      {license.pendingTransfer ? (
        <Notice>
          This license already has a transfer request to {license.pendingTransfer.targetCompany} waiting for billing. Cancel it in <Link href="~/licenses">My licenses</Link> to
          make a new one.
        </Notice>
      ) : problem ? (
        <Notice tone="warning">This license cannot be transferred: {problem}.</Notice>
      ) : (
        <MainTransferForm license={license} balance={balance} />
      )}
      {addons.length ? <AddonTransferForm main={license} addons={addons} ownOtherMains={ownOtherMains} balance={balance} /> : null}
      <p>
        <Link href="~/licenses">Back to My licenses</Link>
      </p>
    </Page>
  );
}

function pointsHint(balance: number | undefined): string {
  return balance === undefined ? 'Support points that go along with the license.' : `Support points that go along with the license; your account holds ${balance}.`;
}

function MainTransferForm({ license, balance }: { license: License; balance: number | undefined }) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const errors = useFormErrors();
  const headingId = useId();
  const [targetUrl, setTargetUrl] = useState('');
  const [targetCompany, setTargetCompany] = useState('');
  const [transferTo, setTransferTo] = useState<'new' | 'existing'>('new');
  const [contactName, setContactName] = useState('');
  const [targetEmail, setTargetEmail] = useState('');
  const [points, setPoints] = useState('0');
  const fields = ['targetUrl', 'targetCompany', 'targetEmail', 'targetContactName', 'points'] as const;
  const send = useMutation({
    mutationFn: () =>
      api<{ transferId: number }>('POST', `/api/customer/licenses/${license.id}/transfer`, {
        targetUrl,
        targetCompany,
        targetEmail: targetEmail.trim() || undefined,
        ...(transferTo === 'new' && contactName.trim() ? { targetContactName: contactName } : {}),
        points: Number(points || '0'),
      }),
    onSuccess: async () => {
      await refreshBeforeLeaving(queryClient, licenseKeys.all);
      navigate('~/licenses?done=transfer');
    },
    onError: (e) => errors.take(e, fields),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d+$/.test(points.trim() || '0')) return errors.set({ points: 'must be a whole number of support points, 0 or more' });
    errors.clear();
    send.mutate();
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Transfer the license to another party</h2>
      <form className="form" aria-labelledby={headingId} onSubmit={submit} noValidate>
        <Field label="URL to which the license is transferred" error={errors.field('targetUrl')} hint="e.g. https://www.example.com/store/">
          <input type="url" value={targetUrl} onChange={(e) => setTargetUrl(e.target.value)} autoComplete="url" />
        </Field>
        <fieldset className="choice">
          <legend>Transfer to</legend>
          <label className="checkbox">
            <input type="radio" name="transfer-to" checked={transferTo === 'new'} onChange={() => setTransferTo('new')} /> new customer
          </label>
          <label className="checkbox">
            <input type="radio" name="transfer-to" checked={transferTo === 'existing'} onChange={() => setTransferTo('existing')} /> existing customer (has a Qualiteam
            Account)
          </label>
        </fieldset>
        <Field label="Company information" error={errors.field('targetCompany')} hint="The company which the license is transferred to.">
          <input value={targetCompany} onChange={(e) => setTargetCompany(e.target.value)} autoComplete="organization" />
        </Field>
        {transferTo === 'existing' ? (
          <Field label="Primary contact person E-mail:" error={errors.field('targetEmail')} hint="The e-mail of the primary user of the customer's account.">
            <input type="email" value={targetEmail} onChange={(e) => setTargetEmail(e.target.value)} autoComplete="email" />
          </Field>
        ) : (
          <fieldset>
            <legend>Account information</legend>
            <p className="field-hint">The person who will manage the license after it is transferred; an account is made for them when billing approves.</p>
            <Field label="Name" error={errors.field('targetContactName')}>
              <input value={contactName} onChange={(e) => setContactName(e.target.value)} autoComplete="name" />
            </Field>
            <Field label="E-mail" error={errors.field('targetEmail')} hint="It becomes their login and the account's contact address.">
              <input type="email" value={targetEmail} onChange={(e) => setTargetEmail(e.target.value)} autoComplete="email" />
            </Field>
          </fieldset>
        )}
        <Field label="Number of TS-points transferred" error={errors.field('points')} hint={pointsHint(balance)}>
          <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} />
        </Field>
        <FormError error={errors.form} />
        <div>
          <button type="submit" className="primary" disabled={send.isPending}>
            Request license transfer
          </button>
        </div>
      </form>
    </section>
  );
}

function AddonTransferForm({ main, addons, ownOtherMains, balance }: { main: License; addons: License[]; ownOtherMains: License[]; balance: number | undefined }) {
  const [, navigate] = useLocation();
  const [search] = useSearchParams();
  const queryClient = useQueryClient();
  const errors = useFormErrors();
  const headingId = useId();
  const transferable = addons.filter((a) => !transferProblem(a) && !a.pendingTransfer);
  const preselect = Number(search.get('select'));
  const [checked, setChecked] = useState<Set<number>>(() => new Set(transferable.filter((a) => !preselect || a.id === preselect).map((a) => a.id)));
  const other = 'other';
  const [choice, setChoice] = useState<string>(ownOtherMains.length ? String(ownOtherMains[0]!.key) : other);
  const [otherKey, setOtherKey] = useState('');
  const [points, setPoints] = useState('');
  const send = useMutation({
    mutationFn: () =>
      api<{ transferIds: number[] }>('POST', `/api/customer/licenses/${main.id}/addon-transfer`, {
        addonIds: transferable.filter((a) => checked.has(a.id)).map((a) => a.id),
        targetLicenseKey: choice === other ? otherKey : choice,
        points: Number(points.trim() || '0'),
      }),
    onSuccess: async () => {
      await refreshBeforeLeaving(queryClient, licenseKeys.all);
      navigate('~/licenses?done=transfer');
    },
    onError: (e) => errors.take(e, ['addonIds', 'targetLicenseKey', 'points']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d*$/.test(points.trim())) return errors.set({ points: 'must be a whole number of support points, 0 or more' });
    errors.clear();
    send.mutate();
  };
  const toggle = (id: number, on: boolean) =>
    setChecked((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const selectError = errors.field('addonIds');
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Transfer skin/add-on license</h2>
      <form className="form" aria-labelledby={headingId} onSubmit={submit} noValidate>
        <fieldset aria-describedby={selectError ? `${headingId}-select-error` : undefined}>
          <legend>Select products</legend>
          <ul className="plain-list">
            {addons.map((a) => {
              const why = transferProblem(a) ?? (a.pendingTransfer ? 'a transfer request is waiting for billing' : null);
              return (
                <li key={a.id}>
                  <label className="checkbox">
                    <input type="checkbox" checked={checked.has(a.id)} disabled={!!why} onChange={(e) => toggle(a.id, e.target.checked)} />
                    <span>
                      {kindLabel(a.kind)} {a.edition} ({a.key}){why ? <span className="muted"> · {why}</span> : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          <div className="row-actions">
            <button type="button" onClick={() => setChecked(new Set())}>
              Uncheck all
            </button>
            <button type="button" onClick={() => setChecked(new Set(transferable.map((a) => a.id)))}>
              Check all
            </button>
          </div>
          {selectError ? (
            <small id={`${headingId}-select-error`} className="field-error">
              {selectError}
            </small>
          ) : null}
        </fieldset>
        {ownOtherMains.length ? (
          <>
            <Field label="License key" error={choice === other ? undefined : errors.field('targetLicenseKey')} hint="One of your licenses, or another company's.">
              <select value={choice} onChange={(e) => setChoice(e.target.value)}>
                {ownOtherMains.map((l) => (
                  <option key={l.id} value={l.key}>
                    {l.key} ({l.url})
                  </option>
                ))}
                <option value={other}>Other company license</option>
              </select>
            </Field>
            {choice === other ? (
              <Field label="Other company license key" error={errors.field('targetLicenseKey')} hint="Type the license key of the company the add-on goes to.">
                <input value={otherKey} onChange={(e) => setOtherKey(e.target.value)} autoComplete="off" />
              </Field>
            ) : null}
          </>
        ) : (
          <Field label="License key" error={errors.field('targetLicenseKey')} hint="Type the license key of the company the add-on goes to.">
            <input value={otherKey} onChange={(e) => setOtherKey(e.target.value)} autoComplete="off" />
          </Field>
        )}
        <Field label="Support points to transfer with the add-on (optional)" error={errors.field('points')} hint={pointsHint(balance)}>
          <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} />
        </Field>
        <p className="field-hint">A skin or add-on can be transferred only to a person who already has an X-Cart or LiteCommerce license.</p>
        <FormError error={errors.form} />
        <div>
          <button type="submit" className="primary" disabled={send.isPending}>
            Request license transfer
          </button>
        </div>
      </form>
    </section>
  );
}
