/**
 * Opaque session tokens: the client holds 32 random bytes, the database only their SHA-256,
 * so a leaked database copy signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { Role } from '../../shared/domain/model';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  accountId: number | null;
  departmentIds: number[];
}

export const sessionLifetimeMs = 30 * 24 * 3_600_000;
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Queryable, userId: number, now: number): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + sessionLifetimeMs;
  await db.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [hashToken(token), userId, now, expiresAt]);
  return { token, expiresAt };
}

export async function userForToken(db: Queryable, token: string, now: number): Promise<SessionUser | null> {
  const rows = await db.query<SessionUser>(
    `SELECT u.id, u.email, u.name, u.role, u.account_id AS "accountId",
            coalesce(array(SELECT department_id FROM staff_departments sd WHERE sd.user_id = u.id ORDER BY 1), '{}') AS "departmentIds"
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active`,
    [hashToken(token), now],
  );
  return rows[0] ?? null;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return m?.[1] ?? null;
}
