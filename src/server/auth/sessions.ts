/**
 * Opaque session tokens: the client holds 32 random bytes, the database only their SHA-256,
 * so a leaked database copy signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
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

/** Where a session signed in from, for the user's list of sessions. */
export interface SessionOrigin {
  ip: string;
  userAgent: string;
}

export const originOf = (request: FastifyRequest): SessionOrigin => ({ ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') });

export async function createSession(db: Queryable, userId: number, now: number, origin?: SessionOrigin): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + sessionLifetimeMs;
  await queryBuilder(db)
    .insertInto('sessions')
    .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt, lastSeenAt: now, ip: origin?.ip ?? '', userAgent: (origin?.userAgent ?? '').slice(0, 300) })
    .execute();
  // For the admin's Team screen; not a version bump: the synced user row does not carry it.
  await queryBuilder(db).updateTable('users').set({ lastSignInAt: now }).where('id', '=', userId).execute();
  return { token, expiresAt };
}

/** How often a session's last use is written down (the user's list of sessions shows it). */
export const touchIntervalMs = 5 * 60_000;

/** The session's user, or null (no such session, expired, the user deactivated); notes the use at most every few minutes. */
export async function userForToken(db: Queryable, token: string, now: number): Promise<SessionUser | null> {
  const row = await queryBuilder(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select((eb) => [...sessionUserColumns(eb), 'sessions.lastSeenAt'])
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.expiresAt', '>', now)
    .where((eb) => eb.ref('users.active'))
    .$narrowType<RoleColumn>()
    .executeTakeFirst();
  if (!row) return null;
  const { lastSeenAt, ...user } = row;
  if (lastSeenAt === null || lastSeenAt < now - touchIntervalMs) {
    await queryBuilder(db).updateTable('sessions').set({ lastSeenAt: now }).where('tokenHash', '=', hashToken(token)).execute();
  }
  return user;
}

/** Ends one session (sign out): its live streams close at once, on every server process. */
export async function deleteSession(db: Queryable, token: string): Promise<void> {
  const ended = await queryBuilder(db).deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).returning('userId').execute();
  for (const userId of new Set(ended.map((r) => r.userId))) await notifySessionsEnded(db, userId);
}

export const sessionsEndedChannel = 'sb_sessions_ended';

/** Tells every server process that sessions of the user ended, so its live streams check theirs now (sent at commit). */
export async function notifySessionsEnded(db: Queryable, userId: number): Promise<void> {
  await sql`SELECT pg_notify(${sessionsEndedChannel}, ${String(userId)})`.execute(queryBuilder(db));
}

/**
 * Ends the user's sessions: all of them, or all but `keep` (the token of the browser that
 * changed the password), or only the one with `sessionId`. Requests with an ended session
 * get 401 and its open live streams (/api/sync/events, the portal's) close at once, on every
 * server process. Called on logout, password change or reset, "sign out everywhere", and
 * by deactivation. In the caller's transaction when given one: the streams hear at commit.
 */
export async function endSessions(db: Queryable, userId: number, opts: { keep?: string; sessionId?: number } = {}): Promise<number> {
  const ended = await queryBuilder(db)
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .$if(opts.keep !== undefined, (qb) => qb.where('tokenHash', '<>', hashToken(opts.keep!)))
    .$if(opts.sessionId !== undefined, (qb) => qb.where('id', '=', opts.sessionId!))
    .returning('id')
    .execute();
  if (ended.length) await notifySessionsEnded(db, userId);
  return ended.length;
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
