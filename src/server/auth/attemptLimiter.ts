/**
 * Attempt limits kept in the database (login_attempts), so every server process on one
 * PostgreSQL shares them, and so the count and the check are one statement: `take` counts the
 * attempt first (INSERT … ON CONFLICT DO UPDATE … RETURNING, which locks the key's row) and
 * only then says whether it may go ahead. Of 40 parallel wrong passwords for one key, exactly
 * the first `points` are let through. Windows are fixed per key and follow the server's clock.
 * (rate-limiter-flexible's RateLimiterPostgres does the same, but on the wall clock and on its
 * own pool; one table on the app's own database serves PGlite and PostgreSQL alike.)
 */
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';

export interface Limit {
  /** Attempts allowed in one window. */
  points: number;
  windowMs: number;
}

export interface Attempt {
  key: string;
  limit: Limit;
}

/** What `take` counted: to give back when the attempt turned out right. */
export interface Taken {
  attempts: Attempt[];
  /** Each key's window start as counted, so a give-back after a new window touches nothing. */
  windows: Map<string, number>;
  /** Milliseconds until the attempt is allowed; 0 when allowed now. */
  waitMs: number;
}

/** Counts one attempt on every key, then says whether it was within all the limits. */
export async function takeAttempt(db: Queryable, attempts: Attempt[], now: number): Promise<Taken> {
  const rows = await queryBuilder(db)
    .insertInto('loginAttempts')
    .values(attempts.map((a) => ({ key: a.key, windowStart: now, windowMs: a.limit.windowMs, count: 1 })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        // The old window is over: this attempt opens a new one.
        const over = eb(eb('loginAttempts.windowStart', '+', eb.ref('loginAttempts.windowMs')), '<=', eb.ref('excluded.windowStart'));
        return {
          count: eb.case().when(over).then(1).else(eb('loginAttempts.count', '+', 1)).end(),
          windowStart: eb.case().when(over).then(eb.ref('excluded.windowStart')).else(eb.ref('loginAttempts.windowStart')).end(),
          windowMs: eb.ref('excluded.windowMs'),
        };
      }),
    )
    .returning(['key', 'windowStart', 'count'])
    .execute();
  const windows = new Map<string, number>();
  let waitMs = 0;
  for (const row of rows) {
    const a = attempts.find((x) => x.key === row.key)!;
    windows.set(row.key, row.windowStart);
    if (row.count > a.limit.points) waitMs = Math.max(waitMs, row.windowStart + a.limit.windowMs - now);
  }
  // Now and then, forget windows long over (keys of addresses and emails tried once).
  if (Math.random() < 0.02) await queryBuilder(db).deleteFrom('loginAttempts').where((eb) => eb(eb('windowStart', '+', eb.ref('windowMs')), '<', now)).execute();
  return { attempts, windows, waitMs };
}

/** Takes back the attempt on `keys` (it was right): counted in the same window only. */
export async function giveBack(db: Queryable, taken: Taken, keys: string[]): Promise<void> {
  for (const key of keys) {
    const start = taken.windows.get(key);
    if (start === undefined) continue;
    await queryBuilder(db)
      .updateTable('loginAttempts')
      .set((eb) => ({ count: eb.fn('greatest', [eb('count', '-', 1), eb.lit(0)]) }))
      .where('key', '=', key)
      .where('windowStart', '=', start)
      .execute();
  }
}

/** Forgets the keys' counts altogether (the owner proved who they are). */
export async function clearAttempts(db: Queryable, keys: string[]): Promise<void> {
  if (keys.length) await queryBuilder(db).deleteFrom('loginAttempts').where('key', 'in', keys).execute();
}

/**
 * Requests that tell whether an address has an account here (adding a secondary user, asking
 * to change the own e-mail: both answer email_taken), per user: 20 an hour is plenty for real
 * use and makes walking a list of addresses slow.
 */
export const emailProbeLimit: Limit = { points: 20, windowMs: 60 * 60_000 };
export const emailProbe = (userId: number): Attempt[] => [{ key: `email-probe:user:${userId}`, limit: emailProbeLimit }];

/**
 * Guest orders (a visitor's order that opens an account, catalogue/guestOrder.ts), per network
 * address: every attempt counts as an email probe does (email_taken tells whether an address
 * has an account); the accounts actually opened, a few a day, are counted in the order's
 * transaction, so a refused order (rolled back) does not count and parallel ones see each other.
 */
export const guestOrderLimits = {
  address: emailProbeLimit,
  newAccounts: { points: 5, windowMs: 24 * 60 * 60_000 },
} satisfies Record<string, Limit>;
export const guestOrderAttempts = (ip: string): Record<keyof typeof guestOrderLimits, Attempt[]> => ({
  address: [{ key: `guest-order:address:${ip}`, limit: guestOrderLimits.address }],
  newAccounts: [{ key: `guest-order:new-accounts:${ip}`, limit: guestOrderLimits.newAccounts }],
});

/** The 429 of every limited route, with the wait in whole seconds. */
export function tooManyAttempts(what: string, waitMs: number): ApiError {
  const seconds = Math.ceil(waitMs / 1000);
  return new ApiError(429, 'too_many_attempts', `too many ${what}; try again in ${seconds} s`, undefined, { retryAfterSeconds: seconds });
}

/** Counts the attempt and refuses it with 429 when over a limit; returns what to give back later. */
export async function limitAttempt(db: Queryable, attempts: Attempt[], now: number, what: string): Promise<Taken> {
  const taken = await takeAttempt(db, attempts, now);
  if (taken.waitMs > 0) throw tooManyAttempts(what, taken.waitMs);
  return taken;
}
