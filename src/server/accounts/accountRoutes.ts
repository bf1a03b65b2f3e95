/**
 * The customer's own account: balance and ledger, newsletter subscriptions (the seed's five
 * topics) and secondary users (representatives who get the message board and FAQ only).
 * Primary users only.
 */
import { NewSecondaryUserBody, NewsletterBody, UserParams } from '../../shared/api/customerAccount';
import { randomBytes } from 'node:crypto';
import { checkNewPassword, hashPassword } from '../auth/passwords';
import { endSessions } from '../auth/sessions';
import { emailProbe, limitAttempt } from '../auth/attemptLimiter';
import { issueLink } from '../auth/userLinks';
import { publicUrlOf } from '../config/serverConfig';
import { primaryOnly, secondaryRefusal } from '../billing/billingRoutes';
import { ApiError, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { isUniqueViolation } from '../db/pgErrors';
import { queryBuilder } from '../db/queryBuilder';
import { emailIsAnyCase, removedUsersEmail } from '../auth/userEmail';
import { recordUnsubscribes } from '../newsletters/newsletterStore';

const tag = 'Customer account';
const common = { tag, access: primaryOnly, refusals: secondaryRefusal };

export function accountRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/account', summary: 'Read own account with its points ledger',
      handler: async ({ user }) => {
        const q = queryBuilder(ctx.db);
        const account = await q
          .selectFrom('accounts as a')
          .select((eb) => [
            'a.company',
            'a.contactEmail',
            'a.newsletter',
            'a.createdAt',
            eb
              .cast<number>(
                eb.fn.coalesce(eb.selectFrom('ledgerEntries as l').select((s) => s.fn.sum<number>('l.points').as('sum')).whereRef('l.accountId', '=', 'a.id'), eb.lit(0)),
                'integer',
              )
              .as('pointsBalance'),
          ])
          .where('a.id', '=', user.accountId!)
          .executeTakeFirst();
        const ledger = await q
          .selectFrom('ledgerEntries')
          .select(['kind', 'points', 'reason', 'createdAt'])
          .where('accountId', '=', user.accountId!)
          .orderBy('createdAt', 'desc')
          .orderBy('id', 'desc')
          .limit(100)
          .execute();
        return { account, ledger };
      },
    }),
    defineRoute({
      ...common, method: 'PUT', url: '/api/customer/account/newsletter', summary: 'Choose newsletter subscriptions', body: NewsletterBody,
      handler: async ({ user, body }) => {
        const topics = [...new Set(body.topics)];
        await write(ctx.db, ctx.clock.now(), async (w) => {
          const before = await queryBuilder(w).selectFrom('accounts').select('newsletter').where('id', '=', user.accountId!).forUpdate().executeTakeFirstOrThrow();
          await queryBuilder(w).updateTable('accounts').set((eb) => ({ newsletter: topics, version: eb('version', '+', 1) })).where('id', '=', user.accountId!).execute();
          // Unticked topics count as "unsubscribed since" for the issues the account got.
          await recordUnsubscribes(w, user.accountId!, before.newsletter.filter((t) => !(topics as string[]).includes(t)), 'portal', null);
          w.changed('account', user.accountId!);
        });
        return { topics };
      },
    }),
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/users', summary: 'List the account\'s users',
      handler: async ({ user }) => ({
        users: await queryBuilder(ctx.db)
          .selectFrom('users')
          .select(['id', 'email', 'name', 'role', 'active', 'createdAt'])
          .where('accountId', '=', user.accountId!)
          .orderBy('id')
          .execute(),
      }),
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/users', summary: 'Add a secondary user', body: NewSecondaryUserBody,
      handler: async ({ user, body }) => {
        // Without a password (the portal's "New account"), nobody knows one until the new user sets it from the emailed link.
        // email_taken tells whether an address has an account: limited per user (emailProbe).
        await limitAttempt(ctx.db, emailProbe(user.id), ctx.clock.now(), 'new users or e-mail changes');
        if (body.password !== undefined) await checkNewPassword(body.password, body, 'body.password');
        const hash = await hashPassword(body.password ?? randomBytes(24).toString('base64'));
        const emailTaken = () => new ApiError(409, 'email_taken', 'body.email: this email already signs in to an account', 'body.email');
        const id = await write(ctx.db, ctx.clock.now(), async (w) => {
          const q = queryBuilder(w);
          const taken = await q.selectFrom('users').select(['accountId', 'active']).where((eb) => emailIsAnyCase(eb, body.email)).executeTakeFirst();
          if (taken) throw removedUsersEmail(taken, user.accountId, 'body.email') ?? emailTaken();
          const row = await q
            .insertInto('users')
            .values({ accountId: user.accountId, email: body.email, name: body.name, role: 'customer.secondary', passwordHash: hash, createdAt: w.now })
            .returning('id')
            .executeTakeFirstOrThrow();
          w.changed('user', row.id);
          if (body.password === undefined) await issueLink(w, publicUrlOf(ctx.config), { userId: row.id, purpose: 'first_password' });
          return row.id;
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
          const q = queryBuilder(w);
          const target = await q
            .selectFrom('users')
            .select('role')
            .where('id', '=', params.userId)
            .where('accountId', '=', user.accountId!)
            .forUpdate()
            .executeTakeFirst();
          if (!target) throw notFound(`user ${params.userId}`);
          if (target.role !== 'customer.secondary') throw new ApiError(400, 'not_secondary', 'params.userId: only secondary users can be removed', 'params.userId');
          // Deactivated rather than deleted: the user's messages keep their author.
          await q.updateTable('users').set((eb) => ({ active: false, version: eb('version', '+', 1) })).where('id', '=', params.userId).execute();
          await endSessions(w, params.userId);
          w.changed('user', params.userId);
        });
        return { ok: true };
      },
    }),
  ];
}
