/** Numbers written in a URL's path or query (ids, ticket numbers). */
import { z } from 'zod';

/**
 * A positive whole id, decimal digits only. `z.coerce.number` would read `0x10` as 16, `1e1`
 * as 10 and ` 7` as 7: another resource than the one the caller wrote.
 */
export function urlId(error = 'must be a positive whole number') {
  return z
    .string({ error })
    .regex(/^[1-9][0-9]{0,15}$/, error)
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER, error));
}
