/**
 * The account's licenses: each main license with its add-ons and skins beneath it, with key,
 * product, edition, version, URL and status in the help page's words, the links its status
 * allows ("Transfer", "Change URL", "Certificate"), pending requests in place (a transfer
 * waiting for billing, with "Cancel"; a URL change with its new URL), and "Accept" for a
 * license transferred to this account.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { hasCertificate, licenseStatusLabels, transferProblem, urlChangeProblem } from '../../shared/licenses/licenseRules';
import { api, errorText } from '../api/portalClient';
import { FormError } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { Loading } from './common';
import { kindLabel, licenseKeys, useLicenseList, type AwaitingSignature, type License } from './licenseApi';
import { TableWrap } from '../shell/TableWrap';

const doneNotices: Record<string, string> = {
  transfer: 'Your license transfer request was sent to our billing department. It is shown below until it is decided; you will be told by email.',
  'url-change': 'Your request to change the license URL was sent to our billing department. It is shown below until it is decided.',
  'url-change-cancelled': 'Your request to change the license URL was cancelled.',
};

export function LicenseListPage() {
  const list = useLicenseList();
  const [search] = useSearchParams();
  const done = doneNotices[search.get('done') ?? ''];
  if (list.isPending) return <Page title="My licenses"><Loading /></Page>;
  if (list.isError) return <Page title="My licenses"><Notice tone="error">{errorText(list.error)}</Notice></Page>;
  const { licenses, awaitingSignature } = list.data;
  const mains = licenses.filter((l) => l.kind === 'main' || !licenses.some((p) => p.id === l.parentLicenseId));
  const childrenOf = (id: number) => licenses.filter((l) => l.parentLicenseId === id);
  return (
    <Page title="My licenses">
      {done ? <Notice>{done}</Notice> : null}
      {licenses.length === 0 ? <Notice>There are no licenses in your account yet.</Notice> : null}
      {licenses.length > 0 ? (
        <TableWrap label="Your licenses">
          <table className="licenses">
            <caption className="sr-only">Your licenses, each with its add-ons and skins beneath it</caption>
            <thead>
              <tr>
                <th scope="col">License key</th>
                <th scope="col">Product</th>
                <th scope="col">Edition</th>
                <th scope="col">Version</th>
                <th scope="col">URL</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {mains.map((m) => (
                <Fragment key={m.id}>
                  <LicenseRow license={m} awaiting={awaitingSignature} />
                  {childrenOf(m.id).map((c) => (
                    <LicenseRow key={c.id} license={c} awaiting={awaitingSignature} parent={m} />
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}

function LicenseRow({ license: l, awaiting, parent }: { license: License; awaiting: AwaitingSignature[]; parent?: License }) {
  const toSign = awaiting.find((a) => a.licenseId === l.id);
  const child = l.kind !== 'main';
  return (
    <tr className={child ? 'license-child' : 'license-main'}>
      <th scope="row">
        {child ? <span className="muted">{kindLabel(l.kind)}: </span> : null}
        <code>{l.key}</code>
      </th>
      <td>{l.product}</td>
      <td>{l.edition}</td>
      <td>{l.productVersion}</td>
      <td>
        {child && parent ? (
          // An add-on or skin has no URL of its own: it runs at its main license's URL, and moves with it.
          <>
            <span className="license-url">{parent.url}</span> <span className="muted">(with its main license)</span>
          </>
        ) : (
          <span className="license-url">{l.url}</span>
        )}
      </td>
      <td>
        <span className={`badge status-${l.status}`}>{licenseStatusLabels[l.status]}</span>
        {l.status === 'not_accepted' && !toSign && parent ? <div className="muted">Accepted with its main license.</div> : null}
        {l.pendingTransfer ? <PendingTransferNote license={l} /> : null}
        {l.pendingUrlChange ? (
          <div className="pending">
            URL change pending: new URL <span className="license-url">{l.pendingUrlChange.newUrl}</span>
          </div>
        ) : null}
      </td>
      <td>
        <ul className="row-actions">
          {toSign ? (
            <li>
              <Link href={`/accept/${toSign.id}`}>Accept</Link>
            </li>
          ) : null}
          {!transferProblem(l) && !l.pendingTransfer ? (
            <li>
              <Link href={child && l.parentLicenseId ? `/${l.parentLicenseId}/transfer?select=${l.id}` : `/${l.id}/transfer`}>Transfer</Link>
            </li>
          ) : null}
          {!urlChangeProblem(l) && !l.pendingTransfer ? (
            <li>
              <Link href={`/${l.id}/url-change`}>Change URL</Link>
            </li>
          ) : null}
          {hasCertificate(l) ? (
            <li>
              <Link href={`/${l.id}/certificate`}>Certificate</Link>
            </li>
          ) : null}
        </ul>
      </td>
    </tr>
  );
}

function PendingTransferNote({ license: l }: { license: License }) {
  const t = l.pendingTransfer!;
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: () => api('POST', `/api/customer/transfers/${t.id}/cancel`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: licenseKeys.all }),
    onError: (e) => setError(errorText(e)),
  });
  const to = t.targetLicenseKey ? `license ${t.targetLicenseKey} of ${t.targetCompany}` : t.targetCompany;
  return (
    <div className="pending">
      Transfer requested to {to}
      {t.points ? ` with ${t.points} support points` : ''}: waiting for billing.{' '}
      <button type="button" className="link-button" onClick={() => cancel.mutate()} disabled={cancel.isPending} aria-label={`Cancel the transfer of ${l.key}`}>
        Cancel
      </button>
      <FormError error={error} />
    </div>
  );
}
