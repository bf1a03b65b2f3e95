/** Reading, locking and writing licenses with their history; every transition keeps a history row. */
import { randomBytes } from 'node:crypto';
import type { LicenseFacts } from '../../shared/api/licenses';
import type { LicenseKind, LicenseStatus } from '../../shared/domain/model';
import { notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { licenseCertificate } from './certificate';

export interface LicenseRow extends LicenseFacts {
  accountId: number;
  version: number;
}

export const licenseColumns = `id, key, product, kind, edition, product_version AS "productVersion", url, account_id AS "accountId",
  parent_license_id AS "parentLicenseId", status, version`;

export async function lockLicense(w: ChangeWriter, id: number, what = `license ${id}`): Promise<LicenseRow> {
  const [row] = await w.query<LicenseRow>(`SELECT ${licenseColumns} FROM licenses WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw notFound(what);
  return row;
}

export async function licenseByKey(w: Pick<ChangeWriter, 'query'>, key: string): Promise<LicenseRow | null> {
  const [row] = await w.query<LicenseRow>(`SELECT ${licenseColumns} FROM licenses WHERE upper(key) = upper($1)`, [key.trim()]);
  return row ?? null;
}

export async function addHistory(
  w: ChangeWriter,
  h: { licenseId: number; event: string; from?: number | null; to?: number | null; details?: Record<string, unknown>; actor: number | null },
): Promise<void> {
  const [row] = await w.query<{ id: number }>(
    'INSERT INTO license_history (license_id, event, from_account_id, to_account_id, details, actor_user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
    [h.licenseId, h.event, h.from ?? null, h.to ?? null, JSON.stringify(h.details ?? {}), h.actor, w.now],
  );
  w.changed('license_event', row!.id);
}

const keyPrefix = (product: string, kind: LicenseKind): string =>
  (product.replace(/[^A-Za-z]/g, '').slice(0, 2).toUpperCase() || 'LK') + (kind === 'main' ? '' : kind === 'addon' ? 'A' : 'S');

export function newLicenseKey(product: string, kind: LicenseKind): string {
  const hex = randomBytes(8).toString('hex').toUpperCase();
  return `${keyPrefix(product, kind)}-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}`;
}

export async function insertLicense(
  w: ChangeWriter,
  l: { product: string; kind: LicenseKind; edition: string; productVersion: string; url: string; accountId: number; parentLicenseId: number | null; status: LicenseStatus },
): Promise<number> {
  const key = newLicenseKey(l.product, l.kind);
  const certificate = (await certificateFor(w, { ...l, key }, l.status, l.accountId, l.url)) ?? '';
  const [row] = await w.query<{ id: number }>(
    `INSERT INTO licenses (key, product, kind, edition, product_version, url, account_id, parent_license_id, status, certificate, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
    [key, l.product, l.kind, l.edition, l.productVersion, l.url, l.accountId, l.parentLicenseId, l.status, certificate, w.now],
  );
  w.changed('license', row!.id);
  return row!.id;
}

/** The certificate a license in `status` carries for its owner and URL; null for statuses that carry none. */
async function certificateFor(
  w: ChangeWriter,
  l: Pick<LicenseRow, 'key' | 'product' | 'kind' | 'edition' | 'productVersion'>,
  status: LicenseStatus,
  accountId: number,
  url: string,
): Promise<string | null> {
  if (status !== 'active' && status !== 'not_accepted') return null;
  const [owner] = await w.query<{ company: string }>('SELECT company FROM accounts WHERE id = $1', [accountId]);
  return licenseCertificate({ key: l.key, product: l.product, kind: l.kind, edition: l.edition, version: l.productVersion, url }, owner!.company, w.now);
}

/** Sets the status (and reissues the certificate for the license's current owner and URL). */
export async function setLicenseStatus(w: ChangeWriter, l: LicenseRow, status: LicenseStatus, changes: { url?: string; accountId?: number } = {}): Promise<void> {
  const url = changes.url ?? l.url;
  const accountId = changes.accountId ?? l.accountId;
  const certificate = await certificateFor(w, l, status, accountId, url);
  await w.query(
    `UPDATE licenses SET status = $2, url = $3, account_id = $4, certificate = coalesce($5, certificate), updated_at = $6, version = version + 1 WHERE id = $1`,
    [l.id, status, url, accountId, certificate, w.now],
  );
  w.changed('license', l.id);
}
