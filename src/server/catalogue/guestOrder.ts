/**
 * "Order online" as a guest: a visitor without an account sends the order form with who they
 * are, and one transaction opens the account (its primary user without a password, the
 * single-use link to set one emailed), keeps the referral the visitor came with for it,
 * issues the invoice as a signed-in order does (onlineOrder.ts) and opens the visitor's
 * session. Any refusal writes nothing: no account, no invoice, no email.
 *
 * Refused: an address that already signs in (409 email_taken: sign in instead), a form sent
 * before (its key is unique across accounts: one account, one invoice), an add-on or skin (a
 * new account has no license for it), and whatever the order form's own rules refuse.
 */
import { emailTakenReason, formSentReason, guestCompany, guestOrderRefusal, type GuestOrderForm } from '../../shared/catalogue/guestOrder';
import type { OrderForm, OrderPlaced } from '../../shared/catalogue/orderForm';
import { openCustomerAccount } from '../accounts/newAccount';
import { recordReferralQuietly } from '../affiliates/referrals';
import { recordAudit } from '../audit/auditLog';
import { guestOrderAttempts, limitAttempt } from '../auth/attemptLimiter';
import { createSession, type SessionOrigin } from '../auth/sessions';
import { emailIs } from '../auth/userEmail';
import type { Queryable } from '../db/database';
import { isUniqueViolation } from '../db/pgErrors';
import { queryBuilder, sql } from '../db/queryBuilder';
import { ApiError, conflict } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import { lockCatalogueItem } from './catalogueStore';
import { placeOnlineOrder } from './onlineOrder';

const emailTaken = () => conflict('email_taken', `body.email: ${emailTakenReason}`, 'body.email');
const formSent = () => conflict('order_form_sent', `body.orderKey: ${formSentReason}`, 'body.orderKey');

export interface GuestOrderResult extends OrderPlaced {
  userId: number;
  accountId: number;
  session: { token: string; expiresAt: number };
}

/** The invoice this account's form issued before, when the browser its order signed in sends it again. */
export async function earlierGuestInvoice(db: Queryable, accountId: number, orderKey: string): Promise<number | null> {
  const row = await queryBuilder(db).selectFrom('guestOrders').select('invoiceId').where('orderKey', '=', orderKey).where('accountId', '=', accountId).executeTakeFirst();
  return row?.invoiceId ?? null;
}

async function placeInTransaction(
  w: ChangeWriter,
  publicUrl: string,
  form: GuestOrderForm,
  origin: SessionOrigin,
  referral: { code: string; clickedAt: number } | null,
): Promise<GuestOrderResult> {
  const q = queryBuilder(w.tx);
  const refused = guestOrderRefusal(await lockCatalogueItem(w.tx, form.itemId, 'share'));
  if (refused) throw new ApiError(refused.status, refused.code, `body.${refused.field}: ${refused.reason}`, `body.${refused.field}`);
  if (await q.selectFrom('guestOrders').select(sql.lit(1).as('one')).where('orderKey', '=', form.orderKey).executeTakeFirst()) throw formSent();
  if (await q.selectFrom('users').select(sql.lit(1).as('one')).where((eb) => emailIs(eb, form.email)).executeTakeFirst()) throw emailTaken();
  await limitAttempt(w.tx, guestOrderAttempts(origin.ip).newAccounts, w.now, 'new accounts from this address');
  const { accountId, userId } = await openCustomerAccount(w, publicUrl, { company: guestCompany(form), email: form.email, name: form.name });
  // The referral is the new account's from its first moment: its orders are the referred new account's purchases.
  if (referral) await recordReferralQuietly(w.tx, { ...referral, accountId, now: w.now });
  const { email: _e, name: _n, company: _c, ...order } = form;
  const placed = await placeOnlineOrder(w, publicUrl, accountId, order satisfies OrderForm);
  await q.insertInto('guestOrders').values({ orderKey: form.orderKey, accountId, invoiceId: placed.invoiceId, ip: origin.ip, createdAt: w.now }).execute();
  const session = await createSession(w.tx, userId, w.now, origin);
  await recordAudit(w.tx, { actorUserId: userId, action: 'account.open_by_guest_order', entity: 'account', entityId: accountId, details: { email: form.email, ip: origin.ip, invoiceId: placed.invoiceId }, at: w.now });
  return { ...placed, userId, accountId, session };
}

/** Runs the guest order in `write`'s transaction; two at once for one address or one form: the unique indexes decide, the loser is told. */
export async function placeGuestOrder(
  write: <T>(fn: (w: ChangeWriter) => Promise<T>) => Promise<T>,
  publicUrl: string,
  form: GuestOrderForm,
  origin: SessionOrigin,
  referral: { code: string; clickedAt: number } | null,
): Promise<GuestOrderResult> {
  return write((w) => placeInTransaction(w, publicUrl, form, origin, referral)).catch((err: unknown) => {
    if (isUniqueViolation(err, 'users_email_key')) throw emailTaken();
    if (isUniqueViolation(err, 'guest_orders')) throw formSent();
    throw err;
  });
}
