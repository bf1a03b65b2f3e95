/**
 * Single-use links, one mechanism for every purpose: a password reset, the first password of
 * a user someone else created (a secondary user, the owner of an account made by a license
 * transfer), and the confirmation of a new e-mail address. The email carries 32 random bytes;
 * the database holds only their SHA-256. Using a link marks it used in the transaction of its
 * effect (the row is locked first), so two uses at once give one effect and one refusal.
 * Tokens are never logged: they exist only in the email and the customer's address bar.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NotNull } from 'kysely';
import { linkLifetimeMs, type LinkPurpose } from '../../shared/api/profile';
import { enqueueEmail } from '../email/outbox';
import { renderEmail } from '../email/templates';
import { ApiError } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface IssueLink {
  userId: number;
  purpose: LinkPurpose;
  /** email_change: the address to confirm (the email goes there). */
  newEmail?: string;
}

const pagePath: Record<LinkPurpose, string> = {
  password_reset: '/set-password',
  first_password: '/set-password',
  email_change: '/confirm-email',
};

const hours = (ms: number): string => (ms === 3_600_000 ? 'one hour' : `${ms / 3_600_000} hours`);

/**
 * Makes a link and queues its email in the caller's transaction. Earlier unused links of the
 * same user and purpose stop working: only the newest email's link opens.
 */
export async function issueLink(w: ChangeWriter, publicUrl: string, l: IssueLink): Promise<{ linkId: number; expiresAt: number }> {
  const q = queryBuilder(w);
  const user = await q
    .selectFrom('users as u')
    .leftJoin('accounts as a', 'a.id', 'u.accountId')
    .select(['u.email', 'u.name', 'u.role', 'a.company'])
    .where('u.id', '=', l.userId)
    .executeTakeFirst();
  if (!user) throw new Error(`issueLink: no user ${l.userId}`);
  if ((l.purpose === 'email_change') !== (l.newEmail !== undefined)) throw new Error('issueLink: an email_change link, and only one, has a new address');
  const token = randomBytes(32).toString('base64url');
  const lifetime = linkLifetimeMs[l.purpose];
  const expiresAt = w.now + lifetime;
  await q
    .updateTable('userLinks')
    .set((eb) => ({ expiresAt: eb.fn<number>('least', ['expiresAt', eb.val(w.now)]) }))
    .where('userId', '=', l.userId)
    .where('purpose', '=', l.purpose)
    .where('usedAt', 'is', null)
    .execute();
  const row = await q
    .insertInto('userLinks')
    .values({ tokenHash: hashLinkToken(token), userId: l.userId, purpose: l.purpose, newEmail: l.newEmail ?? null, createdAt: w.now, expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  const href = `${publicUrl}${pagePath[l.purpose]}?token=${token}`;
  const valid = `The link works once, for ${hours(lifetime)}.`;
  const content = {
    password_reset: {
      subject: 'Set a new password',
      paragraphs: [`Someone (we hope you) asked to set a new password for ${user.email}${user.company ? ` (customer account of ${user.company})` : ''}.`, valid, 'If it was not you, ignore this e-mail: your password stays as it is.'],
      label: 'Set a new password',
    },
    first_password: user.role.startsWith('staff.') ? {
      // An admin's invitation to the staff console (staff.invite).
      subject: 'You are invited to the Switchboard staff console',
      paragraphs: [`An admin invited you to the support team. Your login is ${user.email}.`, `Open the link below to choose your password, then sign in to the console with it. ${valid}`, 'When it has expired, ask your admin to send the invitation again.'],
      label: 'Set your password',
    } : {
      subject: 'Your customer account: set your password',
      paragraphs: [
        `An account was created for you${user.company ? ` at ${user.company}` : ''}. Your login is ${user.email}.`,
        `Open the link below to choose your password. ${valid}`,
        'When it has expired, use "Forgot password?" on the sign-in page to get a new link.',
      ],
      label: 'Set your password',
    },
    email_change: {
      subject: 'Confirm your new e-mail address',
      paragraphs: [
        `You asked to use this address instead of ${user.email} for your customer account. Nothing changes until you confirm it.`,
        valid,
        'If it was not you, ignore this e-mail.',
      ],
      label: 'Confirm the new e-mail address',
    },
  }[l.purpose];
  const rendered = renderEmail({
    subject: content.subject,
    greeting: `Dear ${user.name},`,
    paragraphs: content.paragraphs,
    link: { href, textLabel: content.label, htmlLabel: content.label },
  });
  await enqueueEmail(w, w.now, { eventKey: `user-link:${row.id}`, to: l.newEmail ?? user.email, ...rendered });
  return { linkId: row.id, expiresAt };
}

const purposeWords: Record<LinkPurpose, string> = {
  password_reset: 'setting a new password',
  first_password: 'setting your first password',
  email_change: 'confirming a new e-mail address',
};

/** A refusal of the link, naming `body.token`; the page shows it beside the form. */
const refused = (code: string, why: string): ApiError => new ApiError(400, code, `body.token: ${why}`, 'body.token');

function findLink(tx: Queryable, token: string, lock: boolean) {
  return (
    queryBuilder(tx)
      .selectFrom('userLinks as l')
      .innerJoin('users as u', 'u.id', 'l.userId')
      .select(['l.id', 'l.userId', 'l.purpose', 'l.newEmail', 'l.expiresAt', 'l.usedAt', 'u.email', 'u.name', 'u.active'])
      .where('l.tokenHash', '=', hashLinkToken(token))
      .$if(lock, (qb) => qb.forUpdate('l'))
      // `purpose` holds only the purposes its CHECK constraint lists.
      .$narrowType<{ purpose: LinkPurpose }>()
      .executeTakeFirst()
  );
}

export type LinkRow = NonNullable<Awaited<ReturnType<typeof findLink>>>;

/** The link's row if it may be used now for one of `purposes`; otherwise the refusal, saying why. */
function check(row: LinkRow | undefined, purposes: readonly LinkPurpose[], now: number): LinkRow {
  const again = 'ask for a new one with "Forgot password?" on the sign-in page';
  if (!row || !row.active) throw refused('link_invalid', `this link is not valid; ${again}`);
  if (!purposes.includes(row.purpose)) throw refused('link_wrong_purpose', `this link is for ${purposeWords[row.purpose]}, not for ${purposeWords[purposes[0]!]}`);
  if (row.usedAt !== null) throw refused('link_used', `this link was used already and works only once; ${row.purpose === 'email_change' ? 'ask for a new confirmation in Edit self-profile' : again}`);
  if (row.expiresAt <= now) throw refused('link_expired', `this link has expired; ${row.purpose === 'email_change' ? 'ask for a new confirmation in Edit self-profile' : again}`);
  return row;
}

/** Looks at a link without using it (the page says whose it is before asking for a password). */
export async function peekLink(db: Queryable, token: string, purposes: readonly LinkPurpose[], now: number): Promise<LinkRow> {
  return check(await findLink(db, token, false), purposes, now);
}

/** Locks the link, checks it, and marks it used, all in the caller's transaction (the effect's). */
export async function useLink(w: ChangeWriter, token: string, purposes: readonly LinkPurpose[]): Promise<LinkRow> {
  const row = check(await findLink(w, token, true), purposes, w.now);
  await queryBuilder(w).updateTable('userLinks').set({ usedAt: w.now }).where('id', '=', row.id).execute();
  return row;
}

/** The user's e-mail change waiting for confirmation, if any. */
export async function pendingEmailChange(db: Queryable, userId: number, now: number): Promise<{ email: string; expiresAt: number } | null> {
  const row = await queryBuilder(db)
    .selectFrom('userLinks')
    .select(['newEmail as email', 'expiresAt'])
    .where('userId', '=', userId)
    .where('purpose', '=', 'email_change')
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    // An email_change link always has its new address (the CHECK on user_links says so).
    .$narrowType<{ email: NotNull }>()
    .executeTakeFirst();
  return row ?? null;
}
