/**
 * Single-use links, one mechanism for every purpose: a password reset, the first password of
 * a user someone else created (a secondary user, the owner of an account made by a license
 * transfer), and the confirmation of a new e-mail address. The email carries 32 random bytes;
 * the database holds only their SHA-256. Using a link marks it used in the transaction of its
 * effect (the row is locked first), so two uses at once give one effect and one refusal.
 * Tokens are never logged: they exist only in the email and the customer's address bar.
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkLifetimeMs, type LinkPurpose } from '../../shared/api/profile';
import { enqueueEmail } from '../email/outbox';
import { renderEmail } from '../email/templates';
import { ApiError } from '../http/errors';
import type { ChangeWriter } from '../sync/changeLog';
import type { Queryable } from '../db/database';

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
  const [user] = await w.query<{ email: string; name: string; company: string | null }>(
    'SELECT u.email, u.name, a.company FROM users u LEFT JOIN accounts a ON a.id = u.account_id WHERE u.id = $1',
    [l.userId],
  );
  if (!user) throw new Error(`issueLink: no user ${l.userId}`);
  if ((l.purpose === 'email_change') !== (l.newEmail !== undefined)) throw new Error('issueLink: an email_change link, and only one, has a new address');
  const token = randomBytes(32).toString('base64url');
  const lifetime = linkLifetimeMs[l.purpose];
  const expiresAt = w.now + lifetime;
  await w.query('UPDATE user_links SET expires_at = least(expires_at, $3) WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [l.userId, l.purpose, w.now]);
  const [row] = await w.query<{ id: number }>(
    'INSERT INTO user_links (token_hash, user_id, purpose, new_email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [hashLinkToken(token), l.userId, l.purpose, l.newEmail ?? null, w.now, expiresAt],
  );
  const href = `${publicUrl}${pagePath[l.purpose]}?token=${token}`;
  const valid = `The link works once, for ${hours(lifetime)}.`;
  const content = {
    password_reset: {
      subject: 'Set a new password',
      paragraphs: [`Someone (we hope you) asked to set a new password for ${user.email} on your customer account.`, valid, 'If it was not you, ignore this e-mail: your password stays as it is.'],
      label: 'Set a new password',
    },
    first_password: {
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
  await enqueueEmail(w, w.now, { eventKey: `user-link:${row!.id}`, to: l.newEmail ?? user.email, ...rendered });
  return { linkId: row!.id, expiresAt };
}

export interface LinkRow {
  id: number;
  userId: number;
  purpose: LinkPurpose;
  newEmail: string | null;
  expiresAt: number;
  usedAt: number | null;
  email: string;
  name: string;
  active: boolean;
}

const purposeWords: Record<LinkPurpose, string> = {
  password_reset: 'setting a new password',
  first_password: 'setting your first password',
  email_change: 'confirming a new e-mail address',
};

/** A refusal of the link, naming `body.token`; the page shows it beside the form. */
const refused = (code: string, why: string): ApiError => new ApiError(400, code, `body.token: ${why}`, 'body.token');

async function findLink(tx: Queryable, token: string, lock: boolean): Promise<LinkRow | undefined> {
  const [row] = await tx.query<LinkRow>(
    `SELECT l.id, l.user_id AS "userId", l.purpose, l.new_email AS "newEmail", l.expires_at AS "expiresAt", l.used_at AS "usedAt", u.email, u.name, u.active
       FROM user_links l JOIN users u ON u.id = l.user_id WHERE l.token_hash = $1 ${lock ? 'FOR UPDATE OF l' : ''}`,
    [hashLinkToken(token)],
  );
  return row;
}

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
  await w.query('UPDATE user_links SET used_at = $2 WHERE id = $1', [row.id, w.now]);
  return row;
}

/** The user's e-mail change waiting for confirmation, if any. */
export async function pendingEmailChange(db: Queryable, userId: number, now: number): Promise<{ email: string; expiresAt: number } | null> {
  const [row] = await db.query<{ email: string; expiresAt: number }>(
    `SELECT new_email AS email, expires_at AS "expiresAt" FROM user_links
      WHERE user_id = $1 AND purpose = 'email_change' AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [userId, now],
  );
  return row ?? null;
}
