/**
 * Addresses are matched without regard to case, as the unique index on lower(email) compares
 * them. Most callers pass an address lower-cased already (the request schemas do it).
 */
import type { ExpressionBuilder } from 'kysely';
import { sql, type Tables } from '../db/queryBuilder';
import { ApiError } from '../http/errors';

type Users = ExpressionBuilder<Tables, 'users'>;

const lowerEmail = (eb: Users) => eb.fn<string>('lower', ['email']);

/** `lower(email) = $1`: for an address lower-cased already. */
export const emailIs = (eb: Users, email: string) => eb(lowerEmail(eb), '=', email);

/** `lower(email) = lower($1)`: for an address in any case (as it was stored). */
export const emailIsAnyCase = (eb: Users, email: string) => eb(lowerEmail(eb), '=', eb.fn<string>('lower', [eb.val(email)]));

/** `lower(email) = ANY($1::text[])`: one of the addresses, lower-cased already. */
export const emailIsOneOf = (eb: Users, emails: readonly string[]) => eb(lowerEmail(eb), '=', eb.fn.any(sql<string[]>`${emails}::text[]`));

/**
 * A removed user keeps its row (its messages keep their author) and so its address: the
 * address is never given to anyone again. Within the account that removed it the refusal says
 * so; elsewhere the caller's own `email_taken` answer stands. Null when `taken` is no such user.
 */
export function removedUsersEmail(taken: { accountId: number | null; active: boolean }, accountId: number | null, field: string): ApiError | null {
  if (taken.active || taken.accountId === null || taken.accountId !== accountId) return null;
  return new ApiError(409, 'email_of_removed_user', `${field}: this address belonged to a user removed from your account; a removed user's address cannot be used again`, field);
}
