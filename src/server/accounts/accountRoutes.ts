/**
 * The customer's own account: balance and ledger, newsletter subscriptions (the seed's five
 * topics) and secondary users (representatives who get the message board and FAQ only).
 * Primary users only.
 */
import { NewSecondaryUserBody, NewsletterBody, UserParams } from '../../shared/api/customerAccount';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/passwords';
import { issueLink } from '../auth/userLinks';
import { publicUrlOf } from '../config/serverConfig';
import { primaryOnly, secondaryRefusal } from '../billing/billingRoutes';
import { ApiError, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { isUniqueViolation } from '../db/pgErrors';

const tag = 'Customer account';
const common = { tag, access: primaryOnly, refusals: secondaryRefusal };

export function accountRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/account', summary: 'Read own account with its points ledger',
      handler: async ({ user }) => {
        const [account] = await ctx.db.query(
          `SELECT a.company, a.contact_email AS "contactEmail", a.newsletter, a.created_at AS "createdAt",
                  coalesce((SELECT sum(points) FROM ledger_entries l WHERE l.account_id = a.id), 0)::int AS "pointsBalance"
             FROM accounts a WHERE a.id = $1`,
          [user.accountId],
        );
        const ledger = await ctx.db.query(
          'SELECT kind, points, reason, created_at AS "createdAt" FROM ledger_entries WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100',
          [user.accountId],
        );
        return { account, ledger };
      },
    }),
    defineRoute({
      ...common, method: 'PUT', url: '/api/customer/account/newsletter', summary: 'Choose newsletter subscriptions', body: NewsletterBody,
      handler: async ({ user, body }) => {
        const topics = [...new Set(body.topics)];
        await write(ctx.db, ctx.clock.now(), async (w) => {
          await w.query('UPDATE accounts SET newsletter = $2, version = version + 1 WHERE id = $1', [user.accountId, topics]);
          w.changed('account', user.accountId!);
        });
        return { topics };
      },
    }),
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/users', summary: 'List the account\'s users',
      handler: async ({ user }) => ({
        users: await ctx.db.query('SELECT id, email, name, role, active, created_at AS "createdAt" FROM users WHERE account_id = $1 ORDER BY id', [user.accountId]),
      }),
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/users', summary: 'Add a secondary user', body: NewSecondaryUserBody,
      handler: async ({ user, body }) => {
        // Without a password (the portal's "New account"), nobody knows one until the new user sets it from the emailed link.
        const hash = await hashPassword(body.password ?? randomBytes(24).toString('base64'));
        const emailTaken = () => new ApiError(409, 'email_taken', 'body.email: this email already signs in to an account', 'body.email');
        const id = await write(ctx.db, ctx.clock.now(), async (w) => {
          const [taken] = await w.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [body.email]);
          if (taken) throw emailTaken();
          const [row] = await w.query<{ id: number }>(
            `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.secondary', $4, $5) RETURNING id`,
            [user.accountId, body.email, body.name, hash, w.now],
          );
          w.changed('user', row!.id);
          if (body.password === undefined) await issueLink(w, publicUrlOf(ctx.config), { userId: row!.id, purpose: 'first_password' });
          return row!.id;
        }).catch((err: unknown) => {
          // Two requests at once for one address both pass the check above; the unique index refuses the second.
          throw isUniqueViolation(err, 'users_email_key') ? emailTaken() : err;
        });
        return { userId: id, linkSent: body.password === undefined };
      },
    }),
    defineRoute({
      ...common, method: 'DELETE', url: '/api/customer/users/:userId', summary: 'Remove a secondary user', params: UserParams,
      handler: async ({ user, params }) => {
        await write(ctx.db, ctx.clock.now(), async (w) => {
          const [target] = await w.query<{ role: string }>('SELECT role FROM users WHERE id = $1 AND account_id = $2 FOR UPDATE', [params.userId, user.accountId]);
          if (!target) throw notFound(`user ${params.userId}`);
          if (target.role !== 'customer.secondary') throw new ApiError(400, 'not_secondary', 'params.userId: only secondary users can be removed', 'params.userId');
          // Deactivated rather than deleted: the user's messages keep their author.
          await w.query('UPDATE users SET active = false, version = version + 1 WHERE id = $1', [params.userId]);
          await w.query('DELETE FROM sessions WHERE user_id = $1', [params.userId]);
          w.changed('user', params.userId);
        });
        return { ok: true };
      },
    }),
  ];
}
