/** Reading, locking and writing licenses with their history; every transition keeps a history row. */
import { randomBytes } from 'node:crypto';
import type { InferResult } from 'kysely';
import type { LicenseKind, LicenseStatus } from '../../shared/domain/model';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { licenseCertificate } from './certificate';

/** The licenses' columns a transition reads, kind and status held to their unions by the columns' CHECK constraints. */
export const selectLicenses = (q: Queryable) =>
  queryBuilder(q)
    .selectFrom('licenses')
    .select(['id', 'key', 'product', 'kind', 'edition', 'productVersion', 'url', 'accountId', 'parentLicenseId', 'status', 'version'])
    .$narrowType<{ kind: LicenseKind; status: LicenseStatus }>();

export type LicenseRow = InferResult<ReturnType<typeof selectLicenses>>[number];

export async function lockLicense(w: ChangeWriter, id: number, what = `license ${id}`): Promise<LicenseRow> {
  const row = await selectLicenses(w.tx).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(what);
  return row;
}

export async function licenseByKey(w: Pick<ChangeWriter, 'tx'>, key: string): Promise<LicenseRow | null> {
  const row = await selectLicenses(w.tx)
    .where((eb) => eb(eb.fn('upper', ['key']), '=', eb.fn('upper', [eb.val(key.trim())])))
    .executeTakeFirst();
  return row ?? null;
}

export async function addHistory(
  w: ChangeWriter,
  h: { licenseId: number; event: string; from?: number | null; to?: number | null; details?: Record<string, unknown>; actor: number | null },
): Promise<void> {
  const row = await queryBuilder(w.tx)
    .insertInto('licenseHistory')
    .values({ licenseId: h.licenseId, event: h.event, fromAccountId: h.from ?? null, toAccountId: h.to ?? null, details: JSON.stringify(h.details ?? {}), actorUserId: h.actor, at: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('license_event', row.id);
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
  const row = await queryBuilder(w.tx)
    .insertInto('licenses')
    .values({
      key, product: l.product, kind: l.kind, edition: l.edition, productVersion: l.productVersion, url: l.url, accountId: l.accountId,
      parentLicenseId: l.parentLicenseId, status: l.status, certificate, createdAt: w.now, updatedAt: w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('license', row.id);
  return row.id;
}

/** The certificate a license in `status` carries for its owner and URL; null for statuses that carry none. */
async function certificateFor(
  w: ChangeWriter,
  l: Pick<LicenseRow, 'key' | 'product' | 'kind' | 'edition' | 'productVersion' | 'parentLicenseId'>,
  status: LicenseStatus,
  accountId: number,
  url: string,
): Promise<string | null> {
  if (status !== 'active' && status !== 'not_accepted') return null;
  const owner = await queryBuilder(w.tx).selectFrom('accounts').select('company').where('id', '=', accountId).executeTakeFirstOrThrow();
  // An add-on or skin bought online has no URL of its own: its certificate names its main license's.
  const parent = !url && l.parentLicenseId ? await queryBuilder(w.tx).selectFrom('licenses').select('url').where('id', '=', l.parentLicenseId).executeTakeFirst() : undefined;
  return licenseCertificate({ key: l.key, product: l.product, kind: l.kind, edition: l.edition, version: l.productVersion, url: parent?.url ?? url }, owner.company, w.now);
}

/** Sets the status (and reissues the certificate for the license's current owner and URL). */
export async function setLicenseStatus(w: ChangeWriter, l: LicenseRow, status: LicenseStatus, changes: { url?: string; accountId?: number } = {}): Promise<void> {
  const url = changes.url ?? l.url;
  const accountId = changes.accountId ?? l.accountId;
  const certificate = await certificateFor(w, l, status, accountId, url);
  await queryBuilder(w.tx)
    .updateTable('licenses')
    .set((eb) => ({ status, url, accountId, certificate: eb.fn.coalesce(eb.val(certificate), 'certificate'), updatedAt: w.now, version: eb('version', '+', 1) }))
    .where('id', '=', l.id)
    .execute();
  w.changed('license', l.id);
}
