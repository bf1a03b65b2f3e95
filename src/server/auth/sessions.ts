/**
 * Opaque session tokens: the client holds 32 random bytes, the database only their SHA-256,
 * so a leaked database copy signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import type { Queryable } from '../db/database';
import { queryBuilder, sql, type Tables } from '../db/queryBuilder';
import type { Role } from '../../shared/domain/model';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  accountId: number | null;
  departmentIds: number[];
}

/** `role` holds only the roles its CHECK constraint lists. */
export type RoleColumn = { role: Role };

/** The columns of a SessionUser, for a query over `users`: staff have their departments, customers none. */
export const sessionUserColumns = (eb: ExpressionBuilder<Tables, 'users'>) =>
  [
    'users.id',
    'users.email',
    'users.name',
    'users.role',
    'users.accountId',
    eb.fn
      .coalesce(
        sql<number[]>`array(${eb.selectFrom('staffDepartments').select('departmentId').whereRef('staffDepartments.userId', '=', 'users.id').orderBy('departmentId')})`,
        sql<number[]>`'{}'`,
      )
      .as('departmentIds'),
  ] as const;

export const sessionLifetimeMs = 30 * 24 * 3_600_000;
export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const hashToken = hashSessionToken;

export async function createSession(db: Queryable, userId: number, now: number): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + sessionLifetimeMs;
  await queryBuilder(db).insertInto('sessions').values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt }).execute();
  // For the admin's Team screen; not a version bump: the synced user row does not carry it.
  await queryBuilder(db).updateTable('users').set({ lastSignInAt: now }).where('id', '=', userId).execute();
  return { token, expiresAt };
}

export async function userForToken(db: Queryable, token: string, now: number): Promise<SessionUser | null> {
  const row = await queryBuilder(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(sessionUserColumns)
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.expiresAt', '>', now)
    .where((eb) => eb.ref('users.active'))
    .$narrowType<RoleColumn>()
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await queryBuilder(db).deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).execute();
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return m?.[1] ?? null;
}

/**
 * Whether the token is a live session of a deactivated user: its requests get 401 with
 * `account_deactivated`, so the console can say why it was signed out. Reactivation deletes
 * such sessions (staffCommands.ts): a deactivated user's old sessions never come back.
 */
export async function isDeactivatedSession(db: Queryable, token: string, now: number): Promise<boolean> {
  const row = await queryBuilder(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select('users.id')
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.expiresAt', '>', now)
    .where('users.active', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}
