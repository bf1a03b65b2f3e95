/**
 * License URL changes (the seed's "How to change my license URL?"): the owner asks for a new
 * URL, ticking that it removes the software from the old URL within 48 hours of the reissue;
 * it may edit or cancel the request while it is pending. Billing approves (the URL changes,
 * the certificate is reissued, the removal deadline is set, and the account's log ticket
 * "LOG: License URL modifications" gets an entry) or rejects with a reason.
 */
import { decideUrlChange } from '../../shared/billing/billingDecisions';
import type { UrlChangeStatus } from '../../shared/billing/billingStatuses';
import { urlChangeProblem } from '../../shared/licenses/licenseRules';
import { emailAccount } from '../billing/accountEmails';
import { enforceDecision } from '../billing/enforceDecision';
import { ApiError, conflict, notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { insertMessage } from '../tickets/ticketStore';
import { addHistory, lockLicense, setLicenseStatus } from './licenseStore';

export const removalPeriodMs = 48 * 3_600_000;
export const urlLogTicketSubject = 'LOG: License URL modifications';

interface UrlChangeRow {
  id: number;
  licenseId: number;
  accountId: number;
  oldUrl: string;
  newUrl: string;
  status: UrlChangeStatus;
}

async function lockRequest(w: ChangeWriter, id: number): Promise<UrlChangeRow> {
  const [row] = await w.query<UrlChangeRow>(
    'SELECT id, license_id AS "licenseId", account_id AS "accountId", old_url AS "oldUrl", new_url AS "newUrl", status FROM url_change_requests WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!row) throw notFound(`URL change request ${id}`);
  return row;
}

/** Makes the pending request, or edits it when there is one (the seed: "you can edit your request"). */
export async function requestUrlChange(w: ChangeWriter, accountId: number, licenseId: number, newUrl: string): Promise<number> {
  const l = await lockLicense(w, licenseId);
  if (l.accountId !== accountId) throw notFound(`license ${licenseId}`);
  const problem = urlChangeProblem(l);
  if (problem && l.kind !== 'main') throw new ApiError(400, 'not_a_main_license', problem, 'params.licenseId');
  if (problem) throw conflict('license_not_active', problem);
  if (newUrl === l.url) throw new ApiError(400, 'same_url', 'body.newUrl: this is the license\'s current URL', 'body.newUrl');
  const [pending] = await w.query<{ id: number }>(`SELECT id FROM url_change_requests WHERE license_id = $1 AND status = 'pending' FOR UPDATE`, [l.id]);
  if (pending) {
    await w.query('UPDATE url_change_requests SET new_url = $2, version = version + 1 WHERE id = $1', [pending.id, newUrl]);
    w.changed('url_change_request', pending.id);
    return pending.id;
  }
  const [row] = await w.query<{ id: number }>(
    `INSERT INTO url_change_requests (license_id, account_id, old_url, new_url, acknowledged, status, created_at) VALUES ($1, $2, $3, $4, true, 'pending', $5) RETURNING id`,
    [l.id, accountId, l.url, newUrl, w.now],
  );
  w.changed('url_change_request', row!.id);
  return row!.id;
}

export async function cancelUrlChange(w: ChangeWriter, accountId: number, licenseId: number): Promise<void> {
  const [pending] = await w.query<{ id: number }>(`SELECT id FROM url_change_requests WHERE license_id = $1 AND account_id = $2 AND status = 'pending' FOR UPDATE`, [licenseId, accountId]);
  if (!pending) throw notFound(`pending URL change request of license ${licenseId}`);
  await w.query(`UPDATE url_change_requests SET status = 'cancelled', reason = 'Cancelled by the customer.', decided_at = $2, version = version + 1 WHERE id = $1`, [pending.id, w.now]);
  w.changed('url_change_request', pending.id);
}

const fmtTime = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Appends to the account's log ticket, making it on the first change (log tickets are never queued). */
async function appendToLogTicket(w: ChangeWriter, accountId: number, authorId: number, body: string): Promise<void> {
  let [ticket] = await w.query<{ id: number }>(`SELECT id FROM tickets WHERE account_id = $1 AND type = 'log' AND subject = $2 ORDER BY id LIMIT 1 FOR UPDATE`, [accountId, urlLogTicketSubject]);
  if (!ticket) {
    [ticket] = await w.query<{ id: number }>(
      `INSERT INTO tickets (account_id, type, subject, priority, hot_rush, status, score, closed_at, created_at, updated_at)
       VALUES ($1, 'log', $2, 'normal', false, 'closed', 0, $3, $3, $3) RETURNING id`,
      [accountId, urlLogTicketSubject, w.now],
    );
  }
  await insertMessage(w, { ticketId: ticket!.id, authorUserId: authorId, kind: 'staff', body });
  await w.query('UPDATE tickets SET updated_at = $2, version = version + 1 WHERE id = $1', [ticket!.id, w.now]);
  w.changed('ticket', ticket!.id);
}

export async function approveUrlChange(w: ChangeWriter, publicUrl: string, requestId: number, actorId: number): Promise<{ changed: boolean }> {
  const u = await lockRequest(w, requestId);
  const next = enforceDecision(decideUrlChange(u, 'approve'));
  if (!next) return { changed: false };
  const l = await lockLicense(w, u.licenseId);
  if (l.status !== 'active' || l.accountId !== u.accountId) throw conflict('license_changed', `the license is ${l.status.replace('_', ' ')} now or has another owner; reject the request`);
  const deadline = w.now + removalPeriodMs;
  await setLicenseStatus(w, l, 'active', { url: u.newUrl });
  await w.query(
    'UPDATE url_change_requests SET status = $2, old_url = $3, removal_deadline = $4, decided_at = $5, decided_by = $6, version = version + 1 WHERE id = $1',
    [u.id, next, l.url, deadline, w.now, actorId],
  );
  w.changed('url_change_request', u.id);
  await addHistory(w, { licenseId: l.id, event: 'url_changed', from: u.accountId, to: u.accountId, details: { oldUrl: l.url, newUrl: u.newUrl, requestId: u.id }, actor: actorId });
  await appendToLogTicket(w, u.accountId, actorId, [
    `License ${l.key} (${l.product} ${l.edition}): URL changed.`,
    `Old URL: ${l.url}`,
    `New URL: ${u.newUrl}`,
    `The license certificate was reissued on ${fmtTime(w.now)}.`,
    `The software must be removed from ${l.url} by ${fmtTime(deadline)}.`,
  ].join('\n'));
  await emailAccount(w, publicUrl, {
    eventKey: `url_change:${u.id}:approved`, accountId: u.accountId, headline: 'License URL changed',
    paragraphs: [
      `The URL of license ${l.key} is now ${u.newUrl}, and its certificate has been reissued: copy it from "My licenses" into your store's admin area.`,
      `Please remove the software from ${l.url} by ${fmtTime(deadline)}.`,
    ],
    path: '/licenses', linkLabel: 'Your licenses',
  });
  return { changed: true };
}

export async function rejectUrlChange(w: ChangeWriter, publicUrl: string, requestId: number, reason: string, actorId: number): Promise<{ changed: boolean }> {
  const u = await lockRequest(w, requestId);
  const next = enforceDecision(decideUrlChange(u, 'reject'));
  if (!next) return { changed: false };
  await w.query('UPDATE url_change_requests SET status = $2, reason = $3, decided_at = $4, decided_by = $5, version = version + 1 WHERE id = $1', [u.id, next, reason, w.now, actorId]);
  w.changed('url_change_request', u.id);
  await emailAccount(w, publicUrl, {
    eventKey: `url_change:${u.id}:rejected`, accountId: u.accountId, headline: 'License URL change rejected',
    paragraphs: [`Your request to change a license URL to ${u.newUrl} was rejected.`, `Reason: ${reason}`],
    path: '/licenses', linkLabel: 'Your licenses',
  });
  return { changed: true };
}
