/** Writes the licenses, their history, the transfers and the URL change requests. */
import type { Queryable } from '../../db/database';
import { BulkInsert } from '../bulkInsert';
import type { SeedState } from '../seedState';
import { HOUR } from '../units';

export async function writeLicenses(state: SeedState, tx: Queryable): Promise<void> {
  const ins = new BulkInsert(tx, 'licenses', [
    ['id', 'bigint'], ['key', 'text'], ['product', 'text'], ['kind', 'text'], ['edition', 'text'], ['product_version', 'text'], ['url', 'text'], ['account_id', 'bigint'],
    ['parent_license_id', 'bigint'], ['status', 'text'], ['certificate', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint'],
  ]);
  for (const l of state.licenses) await ins.add(l.id, l.key, l.product, l.kind, l.edition, l.version, l.url, l.accountId, l.parentId, l.status, l.certificate, l.createdAt, l.updatedAt);
  await ins.flush();
  const hist = new BulkInsert(tx, 'license_history', [['license_id', 'bigint'], ['event', 'text'], ['from_account_id', 'bigint'], ['to_account_id', 'bigint'], ['details', 'jsonb'], ['actor_user_id', 'bigint'], ['at', 'bigint']]);
  const sorted = [...state.history].sort((x, y) => x.at - y.at || x.licenseId - y.licenseId);
  for (const h of sorted) await hist.add(h.licenseId, h.event, h.from, h.to, JSON.stringify(h.details), h.actor, h.at);
  await hist.flush();
}

export async function writeRequests(state: SeedState, tx: Queryable): Promise<void> {
  const tr = new BulkInsert(tx, 'license_transfers', [
    ['license_id', 'bigint'], ['from_account_id', 'bigint'], ['to_account_id', 'bigint'], ['target_email', 'text'], ['target_company', 'text'], ['target_url', 'text'],
    ['points', 'integer'], ['status', 'text'], ['signature', 'text'], ['reason', 'text'], ['created_at', 'bigint'], ['decided_at', 'bigint'], ['accepted_at', 'bigint'],
    ['new_license_id', 'bigint'], ['decided_by', 'bigint'],
  ]);
  for (const t of [...state.transfers].sort((x, y) => x.createdAt - y.createdAt)) {
    const decidedBy = t.status === 'pending' || t.status === 'cancelled' ? null : state.staff.billing[0]!.id;
    await tr.add(t.license.id, t.from.id, t.to?.id ?? null, t.targetEmail, t.targetCompany, t.targetUrl, t.points, t.status, t.signature, t.reason, t.createdAt, t.decidedAt, t.acceptedAt,
      t.newLicense?.id ?? null, decidedBy);
  }
  await tr.flush();
  const uc = new BulkInsert(tx, 'url_change_requests', [
    ['license_id', 'bigint'], ['account_id', 'bigint'], ['old_url', 'text'], ['new_url', 'text'], ['acknowledged', 'boolean'], ['status', 'text'], ['reason', 'text'],
    ['removal_deadline', 'bigint'], ['created_at', 'bigint'], ['decided_at', 'bigint'], ['decided_by', 'bigint'],
  ]);
  for (const u of [...state.urlChanges].sort((x, y) => x.createdAt - y.createdAt)) {
    await uc.add(u.license.id, u.account.id, u.oldUrl, u.newUrl, true, u.status, u.reason, u.status === 'approved' ? u.decidedAt! + 48 * HOUR : null, u.createdAt, u.decidedAt, u.decidedBy);
  }
  await uc.flush();
}
