/**
 * License transfers (DOMAIN.md "Licenses", the seed's "How to transfer the license?" and
 * "How to accept the transferred license?"). The owner asks; billing approves or rejects; on
 * approval the license and the points move in one transaction (the old license stays with its
 * owner as `transferred` history, the target gets the license `not_accepted`), and the
 * target's primary user accepts by signing. Add-ons and skins go only to a holder of an
 * active main license: one of the owner's own licenses, or another company's license key.
 */
import type { ExpressionBuilder } from 'kysely';
import { decideTransfer } from '../../shared/billing/billingDecisions';
import type { TransferStatus } from '../../shared/billing/billingStatuses';
import { agreementSignatureProblem } from '../../shared/licenses/agreement';
import { addonTargetProblem, transferProblem } from '../../shared/licenses/licenseRules';
import { emailAccount } from '../billing/accountEmails';
import { enforceDecision } from '../billing/enforceDecision';
import { openCustomerAccount } from '../accounts/newAccount';
import { addLedgerEntry, pointsBalance } from '../billing/ledger';
import { queryBuilder, sql, type Tables } from '../db/queryBuilder';
import { ApiError, conflict, notFound } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { licenseTitle } from './certificate';
import { addHistory, insertLicense, licenseByKey, lockLicense, selectLicenses, setLicenseStatus, type LicenseRow } from './licenseStore';

export interface TransferRequest {
  targetUrl: string;
  targetCompany: string;
  /** Main licenses: the target's primary contact email (an existing customer, or a new one). */
  targetEmail?: string;
  /** Add-ons and skins: the main license (own, or another company's) to register it to. */
  targetLicenseKey?: string;
  /** Main licenses: the person who will manage the license (the new account's primary user, for a new customer). */
  targetContactName?: string;
  points: number;
}

async function lockTransfer(w: ChangeWriter, id: number) {
  const row = await queryBuilder(w.tx)
    .selectFrom('licenseTransfers')
    .select(['id', 'licenseId', 'fromAccountId', 'toAccountId', 'targetEmail', 'targetCompany', 'targetUrl', 'targetLicenseKey', 'targetContactName', 'points', 'status', 'newLicenseId'])
    .where('id', '=', id)
    .forUpdate()
    // The column's CHECK constraint holds it to the union.
    .$narrowType<{ status: TransferStatus }>()
    .executeTakeFirst();
  if (!row) throw notFound(`transfer request ${id}`);
  return row;
}

type TransferRow = Awaited<ReturnType<typeof lockTransfer>>;

/** A user signing in with `email`, whatever its case. */
const emailIs = (email: string) => (eb: ExpressionBuilder<Tables, 'users'>) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email.trim())]));

async function accountOfPrimaryEmail(w: ChangeWriter, email: string): Promise<number | null> {
  const row = await queryBuilder(w.tx).selectFrom('users').select('accountId').where(emailIs(email)).where('role', '=', 'customer.primary').executeTakeFirst();
  return row?.accountId ?? null;
}

/**
 * A new customer's account gets the transfer's e-mail as its primary user's login, so it must
 * not sign in already: a staff member's or a secondary user's address would make the approval
 * fail on the unique e-mail of users.
 */
async function refuseTakenEmail(w: ChangeWriter, email: string, when: 'request' | 'approval'): Promise<void> {
  const taken = await queryBuilder(w.tx).selectFrom('users').select(sql.lit(1).as('one')).where(emailIs(email)).executeTakeFirst();
  if (!taken) return;
  if (when === 'request') {
    throw new ApiError(409, 'target_email_not_primary', 'body.targetEmail: this address cannot take the license: give the primary contact e-mail of the account that takes it, or the address of a new customer', 'body.targetEmail');
  }
  throw new ApiError(409, 'target_email_not_primary', `the transfer's e-mail ${email} now signs in as a user of another kind, so no new account can have it: reject the transfer with that reason`);
}

/** Where an add-on or skin would go: the main license it is registered to, checked. */
async function addonTarget(w: ChangeWriter, l: LicenseRow, key: string | undefined): Promise<LicenseRow> {
  if (!key) throw new ApiError(400, 'validation_failed', 'body.targetLicenseKey: an add-on or skin goes to a main license: give one of your license keys or another company\'s', 'body.targetLicenseKey');
  const target = await licenseByKey(w, key);
  const problem = addonTargetProblem(l, target);
  if (problem) throw new ApiError(400, problem.code, `body.targetLicenseKey: ${problem.reason}`, 'body.targetLicenseKey');
  return target!;
}

export async function requestTransfer(w: ChangeWriter, publicUrl: string, accountId: number, licenseId: number, r: TransferRequest): Promise<number> {
  const l = await lockLicense(w, licenseId);
  if (l.accountId !== accountId) throw notFound(`license ${licenseId}`);
  const notTransferable = transferProblem(l);
  if (notTransferable) throw conflict('license_not_active', notTransferable);
  if (r.points > (await pointsBalance(w, accountId))) throw new ApiError(409, 'insufficient_points', 'body.points: more support points than the account holds', 'body.points');
  let toAccountId: number | null;
  let targetLicenseKey: string | null = null;
  if (l.kind === 'main') {
    if (!r.targetEmail) throw new ApiError(400, 'validation_failed', 'body.targetEmail: the primary contact email of the account that takes the license is required', 'body.targetEmail');
    toAccountId = await accountOfPrimaryEmail(w, r.targetEmail);
    if (toAccountId === accountId) throw new ApiError(400, 'same_account', 'body.targetEmail: this is your own account; a license is transferred to another party', 'body.targetEmail');
    if (toAccountId === null) await refuseTakenEmail(w, r.targetEmail, 'request');
  } else {
    const target = await addonTarget(w, l, r.targetLicenseKey);
    toAccountId = target.accountId;
    targetLicenseKey = target.key;
  }
  const existing = await queryBuilder(w.tx).selectFrom('licenseTransfers').select(sql.lit(1).as('one')).where('licenseId', '=', l.id).where('status', '=', 'pending').executeTakeFirst();
  if (existing) throw conflict('transfer_pending', 'this license already has a transfer request waiting for billing; cancel it first to make a new one');
  const row = await queryBuilder(w.tx)
    .insertInto('licenseTransfers')
    .values({
      licenseId: l.id, fromAccountId: accountId, toAccountId, targetEmail: r.targetEmail?.trim() ?? '', targetCompany: r.targetCompany, targetUrl: r.targetUrl, targetLicenseKey,
      targetContactName: l.kind === 'main' ? r.targetContactName?.trim() || null : null, points: r.points, status: 'pending', createdAt: w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('license_transfer', row.id);
  await addHistory(w, { licenseId: l.id, event: 'transfer_requested', from: accountId, to: toAccountId, details: { transferId: row.id, ...(l.kind === 'main' && r.targetContactName?.trim() ? { contactName: r.targetContactName.trim() } : {}) }, actor: null });
  await emailAccount(w, publicUrl, {
    eventKey: `transfer:${row.id}:requested`, accountId, headline: 'License transfer requested',
    paragraphs: [`We have received your request to transfer the license ${l.key} (${licenseTitle({ ...l, version: l.productVersion })}) to ${r.targetCompany}.`, 'Our billing department checks it, usually within one business day; you will be told when it is decided.'],
    path: '/licenses', linkLabel: 'Your licenses',
  });
  return row.id;
}

/**
 * The seed's "How to transfer skin/add-on license?": the add-ons and skins picked under one
 * main license go to one main license key (one of the owner's, or another company's), with
 * optional support points: one request per add-on (billing decides each), all made in one
 * transaction or none. The points go with the first.
 */
export async function requestAddonTransfers(
  w: ChangeWriter, publicUrl: string, accountId: number, mainLicenseId: number, r: { addonIds: number[]; targetLicenseKey: string; points: number },
): Promise<number[]> {
  const main = await lockLicense(w, mainLicenseId);
  if (main.accountId !== accountId) throw notFound(`license ${mainLicenseId}`);
  const ids: number[] = [];
  for (const [i, addonId] of [...new Set(r.addonIds)].entries()) {
    const addon = await selectLicenses(w.tx).where('id', '=', addonId).where('accountId', '=', accountId).executeTakeFirst();
    if (!addon || addon.parentLicenseId !== main.id) {
      throw new ApiError(400, 'not_an_addon_of_this_license', `body.addonIds.${i}: license ${addonId} is not an add-on or skin of ${main.key}`, `body.addonIds.${i}`);
    }
    const target = await addonTarget(w, addon, r.targetLicenseKey);
    const owner = await queryBuilder(w.tx).selectFrom('accounts').select('company').where('id', '=', target.accountId).executeTakeFirstOrThrow();
    ids.push(await requestTransfer(w, publicUrl, accountId, addon.id, {
      targetUrl: target.url, targetCompany: owner.company, targetLicenseKey: target.key, points: i === 0 ? r.points : 0,
    }));
  }
  return ids;
}

export async function cancelTransfer(w: ChangeWriter, accountId: number, transferId: number): Promise<void> {
  const t = await lockTransfer(w, transferId);
  if (t.fromAccountId !== accountId) throw notFound(`transfer request ${transferId}`);
  const next = enforceDecision(decideTransfer(t, 'cancel'));
  if (!next) return;
  await queryBuilder(w.tx)
    .updateTable('licenseTransfers')
    .set((eb) => ({ status: next, reason: 'Cancelled by the owner.', decidedAt: w.now, version: eb('version', '+', 1) }))
    .where('id', '=', t.id)
    .execute();
  w.changed('license_transfer', t.id);
}

/** The target account of an approved transfer to someone who has no account yet: made now. */
async function createTargetAccount(w: ChangeWriter, publicUrl: string, t: TransferRow): Promise<number> {
  // The address may have been given to a user since the request.
  await refuseTakenEmail(w, t.targetEmail, 'approval');
  const { accountId } = await openCustomerAccount(w, publicUrl, { company: t.targetCompany, email: t.targetEmail, name: t.targetContactName?.trim() || t.targetCompany });
  return accountId;
}

/** Moves one license: the old row becomes history, a new one goes to the target unaccepted. */
async function moveLicense(w: ChangeWriter, l: LicenseRow, toAccountId: number, url: string, parentLicenseId: number | null, transferId: number, actorId: number): Promise<number> {
  const newId = await insertLicense(w, {
    product: l.product, kind: l.kind, edition: l.edition, productVersion: l.productVersion, url, accountId: toAccountId, parentLicenseId, status: 'not_accepted',
  });
  await setLicenseStatus(w, l, 'transferred');
  await addHistory(w, { licenseId: l.id, event: 'transferred', from: l.accountId, to: toAccountId, details: { newLicenseId: newId, transferId }, actor: actorId });
  await addHistory(w, { licenseId: newId, event: 'transferred_in', from: l.accountId, to: toAccountId, details: { oldLicenseId: l.id, transferId }, actor: actorId });
  return newId;
}

export async function approveTransfer(w: ChangeWriter, publicUrl: string, transferId: number, actorId: number): Promise<{ changed: boolean }> {
  const t = await lockTransfer(w, transferId);
  const approved = enforceDecision(decideTransfer(t, 'approve'));
  if (!approved) return { changed: false };
  const l = await lockLicense(w, t.licenseId);
  if (l.status !== 'active' || l.accountId !== t.fromAccountId) throw conflict('license_changed', `the license is ${l.status.replace('_', ' ')} now and no longer the requester's active license; reject the request`);
  if (t.points > (await pointsBalance(w, t.fromAccountId))) throw conflict('insufficient_points', `the owner's account no longer holds the ${t.points} support points to move; reject the request or ask the owner`);

  let toAccountId = t.toAccountId ?? (await accountOfPrimaryEmail(w, t.targetEmail)) ?? (await createTargetAccount(w, publicUrl, t));
  let newLicenseId: number;
  let status: TransferStatus = approved;
  if (l.kind === 'main') {
    newLicenseId = await moveLicense(w, l, toAccountId, t.targetUrl, null, t.id, actorId);
    // Add-ons and skins registered to the license go with it.
    const children = await selectLicenses(w.tx).where('parentLicenseId', '=', l.id).where('status', '=', 'active').forUpdate().execute();
    for (const c of children) await moveLicense(w, c, toAccountId, t.targetUrl, newLicenseId, t.id, actorId);
  } else {
    const target = await addonTarget(w, l, t.targetLicenseKey ?? undefined);
    toAccountId = target.accountId;
    if (target.accountId === l.accountId) {
      // To one of the owner's own licenses: re-registered, nothing to accept.
      await queryBuilder(w.tx)
        .updateTable('licenses')
        .set((eb) => ({ parentLicenseId: target.id, url: target.url, updatedAt: w.now, version: eb('version', '+', 1) }))
        .where('id', '=', l.id)
        .execute();
      w.changed('license', l.id);
      await addHistory(w, { licenseId: l.id, event: 'reassigned', from: l.accountId, to: l.accountId, details: { parentLicenseId: target.id, transferId: t.id }, actor: actorId });
      newLicenseId = l.id;
      status = 'accepted';
    } else newLicenseId = await moveLicense(w, l, toAccountId, target.url, target.id, t.id, actorId);
  }
  if (t.points > 0 && toAccountId !== t.fromAccountId) {
    await addLedgerEntry(w, { accountId: t.fromAccountId, kind: 'transfer_out', points: -t.points, reason: `License ${l.key} transferred to ${t.targetCompany}`, licenseId: l.id, createdBy: actorId });
    await addLedgerEntry(w, { accountId: toAccountId, kind: 'transfer_in', points: t.points, reason: `License ${l.key} transferred in`, licenseId: newLicenseId, createdBy: actorId });
  }
  await queryBuilder(w.tx)
    .updateTable('licenseTransfers')
    .set((eb) => ({
      status, toAccountId, newLicenseId, decidedAt: w.now, decidedBy: actorId,
      // Accepted already when an add-on moved to its owner's own license; otherwise the target's signature sets it.
      acceptedAt: status === 'accepted' ? w.now : eb.ref('acceptedAt'),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', t.id)
    .execute();
  w.changed('license_transfer', t.id);
  await emailAccount(w, publicUrl, {
    eventKey: `transfer:${t.id}:approved:owner`, accountId: t.fromAccountId, headline: 'License transfer approved',
    paragraphs: [`The transfer of license ${l.key} to ${t.targetCompany} is approved.${t.points ? ` ${t.points} support points moved with it.` : ''}`],
    path: '/licenses', linkLabel: 'Your licenses',
  });
  if (status === 'approved') {
    await emailAccount(w, publicUrl, {
      eventKey: `transfer:${t.id}:approved:target`, accountId: toAccountId, headline: 'A license was transferred to you',
      paragraphs: [
        `The license ${licenseTitle({ ...l, version: l.productVersion })} was transferred to your account and waits for you to accept it.`,
        'Go to "My licenses", click "Accept", read the agreement and sign it with your name between two slashes, e.g. /John Smith/. Then its files appear in your File area.',
      ],
      path: '/licenses', linkLabel: 'Accept the license',
    });
  }
  return { changed: true };
}

export async function rejectTransfer(w: ChangeWriter, publicUrl: string, transferId: number, reason: string, actorId: number): Promise<{ changed: boolean }> {
  const t = await lockTransfer(w, transferId);
  const next = enforceDecision(decideTransfer(t, 'reject'));
  if (!next) return { changed: false };
  await queryBuilder(w.tx)
    .updateTable('licenseTransfers')
    .set((eb) => ({ status: next, reason, decidedAt: w.now, decidedBy: actorId, version: eb('version', '+', 1) }))
    .where('id', '=', t.id)
    .execute();
  w.changed('license_transfer', t.id);
  await addHistory(w, { licenseId: t.licenseId, event: 'transfer_rejected', from: t.fromAccountId, details: { transferId: t.id, reason }, actor: actorId });
  await emailAccount(w, publicUrl, {
    eventKey: `transfer:${t.id}:rejected`, accountId: t.fromAccountId, headline: 'License transfer rejected',
    paragraphs: [`Your request to transfer a license to ${t.targetCompany} was rejected.`, `Reason: ${reason}`],
    path: '/licenses', linkLabel: 'Your licenses',
  });
  return { changed: true };
}

/** The target's primary user signs the agreement: the license becomes active. */
export async function acceptTransfer(w: ChangeWriter, publicUrl: string, accountId: number, userId: number, transferId: number, signature: string): Promise<void> {
  const problem = agreementSignatureProblem(signature);
  if (problem) throw new ApiError(400, 'validation_failed', `body.signature: ${problem}`, 'body.signature');
  const t = await lockTransfer(w, transferId);
  const signed = decideTransfer(t, 'accept');
  // To anyone but the target, and before approval, there is no such transfer to sign.
  if (t.toAccountId !== accountId || !signed.ok) throw notFound(`transfer ${transferId} waiting for your signature`);
  if (!signed.changed) return;
  const l = await lockLicense(w, t.newLicenseId!);
  const moved = [l, ...(await selectLicenses(w.tx).where('parentLicenseId', '=', l.id).where('status', '=', 'not_accepted').forUpdate().execute())];
  for (const m of moved) {
    await setLicenseStatus(w, m, 'active');
    await addHistory(w, { licenseId: m.id, event: 'accepted', to: accountId, details: { signature: signature.trim(), transferId: t.id }, actor: userId });
  }
  await queryBuilder(w.tx)
    .updateTable('licenseTransfers')
    .set((eb) => ({ status: signed.next, signature: signature.trim(), acceptedAt: w.now, version: eb('version', '+', 1) }))
    .where('id', '=', t.id)
    .execute();
  w.changed('license_transfer', t.id);
  for (const [who, accId] of [['owner', t.fromAccountId], ['target', accountId]] as const) {
    await emailAccount(w, publicUrl, {
      eventKey: `transfer:${t.id}:accepted:${who}`, accountId: accId, headline: 'License transfer accepted',
      paragraphs: [who === 'target'
        ? `You accepted the license ${l.key}. Its distributives, patches and documentation are in your File area now.`
        : `${t.targetCompany} accepted the license ${l.key}; the transfer is complete.`],
      path: who === 'target' ? '/files' : '/licenses', linkLabel: who === 'target' ? 'Open your File area' : 'Your licenses',
    });
  }
}
