/**
 * Changing one's own password, for customers (the portal's Edit self-profile) and staff (the
 * console's Security screen) alike: the current password first (wrong ones counted per user,
 * before the check, as the sign-in counts them), the new one checked by the password policy,
 * then in one transaction the new hash, every other session of the user ended (their live
 * streams close at the commit) and the audit row. The session that asked stays signed in.
 */
import type { z } from 'zod';
import type { PasswordChangeBody } from '../../shared/api/profile';
import { recordAudit } from '../audit/auditLog';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { clearAttempts, limitAttempt } from './attemptLimiter';
import type { PasswordOwner } from '../../shared/auth/passwordPolicy';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';
import { endSessions } from './sessions';

const wrongCurrent = { points: 10, windowMs: 15 * 60_000 };

export async function changeOwnPassword(
  ctx: ServerContext,
  user: PasswordOwner & { id: number },
  body: z.output<typeof PasswordChangeBody>,
  keepToken: string | null,
): Promise<{ sessionsEnded: number }> {
  const now = ctx.clock.now();
  const key = `current-password:user:${user.id}`;
  // Counted before the check, so parallel guesses are limited too; forgotten when right.
  await limitAttempt(ctx.db, [{ key, limit: wrongCurrent }], now, 'wrong passwords');
  const u = await queryBuilder(ctx.db).selectFrom('users').select('passwordHash').where('id', '=', user.id).executeTakeFirst();
  if (!(await verifyPassword(body.currentPassword, u!.passwordHash))) {
    throw new ApiError(400, 'wrong_password', 'body.currentPassword: this is not your current password', 'body.currentPassword');
  }
  await clearAttempts(ctx.db, [key]);
  await checkNewPassword(body.newPassword, user, 'body.newPassword');
  const hash = await hashPassword(body.newPassword);
  return write(ctx.db, now, async (w) => {
    await queryBuilder(w).updateTable('users').set((eb) => ({ passwordHash: hash, version: eb('version', '+', 1) })).where('id', '=', user.id).execute();
    // The asking session stays signed in; every other session of the user ends.
    const sessionsEnded = await endSessions(w, user.id, { keep: keepToken ?? '' });
    w.changed('user', user.id);
    await recordAudit(w, { actorUserId: user.id, action: 'auth.password.change', entity: 'user', entityId: user.id, details: { sessionsEnded }, at: now });
    return { sessionsEnded };
  });
}
