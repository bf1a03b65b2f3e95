/**
 * The license certificate text a customer pastes into its store's admin area. It names the
 * licensed URL, so it is reissued whenever the URL or the owner changes; the signature lines
 * are a digest of key, URL, owner and issue time, so an edited certificate does not verify.
 */
import { createHash } from 'node:crypto';
import type { LicenseKind } from '../../shared/domain/model';

export interface CertifiedLicense {
  key: string;
  product: string;
  kind: LicenseKind;
  edition: string;
  /** The product version (for add-ons and skins: the version they are for). */
  version: string;
  url: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);

export function licenseTitle(l: Pick<CertifiedLicense, 'product' | 'kind' | 'edition' | 'version'>): string {
  if (l.kind === 'main') return `${l.product} ${l.edition} ${l.version}`;
  return `${l.product} ${l.kind === 'addon' ? 'add-on' : 'skin'} "${l.edition}" for ${l.version}`;
}

export function licenseCertificate(l: CertifiedLicense, company: string, issuedAt: number): string {
  const sig = Buffer.from(sha256(`${l.key}|${l.url}|${issuedAt}`) + sha256(`${company}|${l.key}`), 'hex').toString('base64');
  return [
    '-----BEGIN LICENSE CERTIFICATE-----',
    `Product: ${licenseTitle(l)}`,
    `License key: ${l.key}`,
    `Licensed to: ${company}`,
    `Licensed URL: ${l.url}`,
    `Issued: ${isoDate(issuedAt)}`,
    '',
    sig.slice(0, 44),
    sig.slice(44),
    '-----END LICENSE CERTIFICATE-----',
  ].join('\n');
}
