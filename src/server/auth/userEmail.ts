/**
 * Addresses are matched without regard to case, as the unique index on lower(email) compares
 * them. Most callers pass an address lower-cased already (the request schemas do it).
 */
import type { ExpressionBuilder } from 'kysely';
import { sql, type Tables } from '../db/queryBuilder';

type Users = ExpressionBuilder<Tables, 'users'>;

const lowerEmail = (eb: Users) => eb.fn<string>('lower', ['email']);

/** `lower(email) = $1`: for an address lower-cased already. */
export const emailIs = (eb: Users, email: string) => eb(lowerEmail(eb), '=', email);

/** `lower(email) = lower($1)`: for an address in any case (as it was stored). */
export const emailIsAnyCase = (eb: Users, email: string) => eb(lowerEmail(eb), '=', eb.fn<string>('lower', [eb.val(email)]));

/** `lower(email) = ANY($1::text[])`: one of the addresses, lower-cased already. */
export const emailIsOneOf = (eb: Users, emails: readonly string[]) => eb(lowerEmail(eb), '=', eb.fn.any(sql<string[]>`${emails}::text[]`));
