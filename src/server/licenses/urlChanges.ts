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
import { queryBuilder } from '../db/queryBuilder';
import type { ChangeWriter } from '../sync/changeLog';
import { insertMessage } from '../tickets/ticketStore';
import { addHistory, lockLicense, setLicenseStatus } from './licenseStore';

export const removalPeriodMs = 48 * 3_600_000;
export const urlLogTicketSubject = 'LOG: License URL modifications';

async function lockRequest(w: ChangeWriter, id: number) {
  const row = await queryBuilder(w.tx)
    .selectFrom('urlChangeRequests')
    .select(['id', 'licenseId', 'accountId', 'oldUrl', 'newUrl', 'status'])
    .where('id', '=', id)
    .forUpdate()
    // The column's CHECK constraint holds it to the union.
    .$narrowType<{ status: UrlChangeStatus }>()
    .executeTakeFirst();
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
  const pending = await queryBuilder(w.tx).selectFrom('urlChangeRequests').select('id').where('licenseId', '=', l.id).where('status', '=', 'pending').forUpdate().executeTakeFirst();
  if (pending) {
    await queryBuilder(w.tx).updateTable('urlChangeRequests').set((eb) => ({ newUrl, version: eb('version', '+', 1) })).where('id', '=', pending.id).execute();
    w.changed('url_change_request', pending.id);
    return pending.id;
  }
  const row = await queryBuilder(w.tx)
    .insertInto('urlChangeRequests')
    .values({ licenseId: l.id, accountId, oldUrl: l.url, newUrl, acknowledged: true, status: 'pending', createdAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('url_change_request', row.id);
  return row.id;
}

export async function cancelUrlChange(w: ChangeWriter, accountId: number, licenseId: number): Promise<void> {
  const pending = await queryBuilder(w.tx)
    .selectFrom('urlChangeRequests')
    .select('id')
    .where('licenseId', '=', licenseId)
    .where('accountId', '=', accountId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
  if (!pending) throw notFound(`pending URL change request of license ${licenseId}`);
  await queryBuilder(w.tx)
    .updateTable('urlChangeRequests')
    .set((eb) => ({ status: 'cancelled', reason: 'Cancelled by the customer.', decidedAt: w.now, version: eb('version', '+', 1) }))
    .where('id', '=', pending.id)
    .execute();
  w.changed('url_change_request', pending.id);
}

const fmtTime = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Appends to the account's log ticket, making it on the first change (log tickets are never queued). */
async function appendToLogTicket(w: ChangeWriter, accountId: number, authorId: number, body: string): Promise<void> {
  const ticket =
    (await queryBuilder(w.tx)
      .selectFrom('tickets')
      .select('id')
      .where('accountId', '=', accountId)
      .where('type', '=', 'log')
      .where('subject', '=', urlLogTicketSubject)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .executeTakeFirst()) ??
    (await queryBuilder(w.tx)
      .insertInto('tickets')
      .values({
        accountId, type: 'log', subject: urlLogTicketSubject, priority: 'normal', hotRush: false, status: 'closed', score: 0,
        closedAt: w.now, createdAt: w.now, updatedAt: w.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  await insertMessage(w, { ticketId: ticket.id, authorUserId: authorId, kind: 'staff', body });
  await queryBuilder(w.tx).updateTable('tickets').set((eb) => ({ updatedAt: w.now, version: eb('version', '+', 1) })).where('id', '=', ticket.id).execute();
  w.changed('ticket', ticket.id);
}

export async function approveUrlChange(w: ChangeWriter, publicUrl: string, requestId: number, actorId: number): Promise<{ changed: boolean }> {
  const u = await lockRequest(w, requestId);
  const next = enforceDecision(decideUrlChange(u, 'approve'));
  if (!next) return { changed: false };
  const l = await lockLicense(w, u.licenseId);
  if (l.status !== 'active' || l.accountId !== u.accountId) throw conflict('license_changed', `the license is ${l.status.replace('_', ' ')} now or has another owner; reject the request`);
  const deadline = w.now + removalPeriodMs;
  await setLicenseStatus(w, l, 'active', { url: u.newUrl });
  await queryBuilder(w.tx)
    .updateTable('urlChangeRequests')
    .set((eb) => ({ status: next, oldUrl: l.url, removalDeadline: deadline, decidedAt: w.now, decidedBy: actorId, version: eb('version', '+', 1) }))
    .where('id', '=', u.id)
    .execute();
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
  await queryBuilder(w.tx)
    .updateTable('urlChangeRequests')
    .set((eb) => ({ status: next, reason, decidedAt: w.now, decidedBy: actorId, version: eb('version', '+', 1) }))
    .where('id', '=', u.id)
    .execute();
  w.changed('url_change_request', u.id);
  await emailAccount(w, publicUrl, {
    eventKey: `url_change:${u.id}:rejected`, accountId: u.accountId, headline: 'License URL change rejected',
    paragraphs: [`Your request to change a license URL to ${u.newUrl} was rejected.`, `Reason: ${reason}`],
    path: '/licenses', linkLabel: 'Your licenses',
  });
  return { changed: true };
}
