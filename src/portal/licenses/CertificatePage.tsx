/**
 * "Certificate" (the seed: "Copy all the text in the 'License certificate:' window and insert
 * it on "Licenses" page of your LiteCommerce admin area"): the text read-only with a copy
 * button, and the license's history.
 */
import { useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { hasCertificate, licenseStatusLabels } from '../../shared/licenses/licenseRules';
import { Notice, Page } from '../shell/Page';
import { Loading, LoadProblem, useIdParam } from './common';
import { fmtDate, licenseName, useLicense, type HistoryEntry } from './licenseApi';
import { TableWrap } from '../shell/TableWrap';

const eventWords: Record<string, string> = {
  ordered: 'Ordered',
  activated: 'Verified by billing: active',
  transfer_requested: 'Transfer requested',
  transfer_rejected: 'Transfer rejected',
  transferred: 'Transferred to another account',
  transferred_in: 'Transferred to this account',
  accepted: 'Accepted (agreement signed)',
  reassigned: 'Registered to another of your licenses',
  url_changed: 'URL changed, certificate reissued',
  revoked: 'Revoked',
};

function details(h: HistoryEntry): string {
  const d = h.details ?? {};
  const parts: string[] = [];
  if (typeof d.oldUrl === 'string' && typeof d.newUrl === 'string') parts.push(`from ${d.oldUrl} to ${d.newUrl}`);
  if (typeof d.signature === 'string') parts.push(`signed ${d.signature}`);
  if (typeof d.reason === 'string') parts.push(`reason: ${d.reason}`);
  return parts.join('; ');
}

export function CertificatePage() {
  const id = useIdParam('licenseId');
  const detail = useLicense(id);
  const textId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  if (!Number.isInteger(id)) return <LoadProblem what="License" error={null} />;
  if (detail.isError) return <LoadProblem what="License" error={detail.error} />;
  if (detail.isPending) return <Page title="Certificate"><Loading /></Page>;
  const { license, history } = detail.data;
  const copy = async () => {
    area.current?.select();
    try {
      await navigator.clipboard.writeText(license.certificate);
      setCopied('The certificate is copied. Insert it on the "Licenses" page of your store\'s admin area.');
    } catch {
      setCopied('Your browser did not allow copying: the text is selected, press Ctrl+C (or Cmd+C) to copy it.');
    }
  };
  return (
    <Page title={`Certificate of ${licenseName(license)} (${license.key})`}>
      <p>
        License URL: <span className="license-url">{license.url}</span> · Status: {licenseStatusLabels[license.status]}
      </p>
      {hasCertificate(license) && license.certificate ? (
        <div className="field">
          <label htmlFor={textId}>License certificate:</label>
          <textarea id={textId} ref={area} className="certificate" readOnly value={license.certificate} rows={license.certificate.split('\n').length + 1} spellCheck={false} />
          <div className="row-actions">
            <button type="button" onClick={() => void copy()}>
              Copy the certificate
            </button>
          </div>
          <p role="status" className="muted">
            {copied ?? 'Copy the whole text (customer information and license) into your store\'s admin area.'}
          </p>
        </div>
      ) : (
        <Notice>This license has no certificate while it is {licenseStatusLabels[license.status].toLowerCase()}.</Notice>
      )}
      <h2>License history</h2>
      {history.length ? (
        <TableWrap label="License history">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={i}>
                  <td>{fmtDate(Number(h.at))}</td>
                  <td>{eventWords[h.event] ?? h.event.replace(/_/g, ' ')}</td>
                  <td>{details(h)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <Notice>No history recorded for this license.</Notice>
      )}
      <p>
        <Link href="~/licenses">Back to My licenses</Link>
      </p>
    </Page>
  );
}
