/** scrypt password hashes, stored as `scrypt$N$r$p$salt$hash` so parameters can change later. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passwordIssue, type PasswordOwner } from '../../shared/auth/passwordPolicy';
import { ApiError } from '../http/errors';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

const params = { N: 16384, r: 8, p: 1 };
const keyLength = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, keyLength, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * Refuses a new password the shared policy does not allow, naming the field (`body.password`)
 * and the reason; every route that sets a password calls it before hashing.
 */
export async function checkNewPassword(password: string, owner: PasswordOwner, field: string): Promise<void> {
  const reason = await passwordIssue(password, owner);
  if (reason) throw new ApiError(400, 'weak_password', `${field}: ${reason}`, field, { issues: [{ field, reason }] });
}
