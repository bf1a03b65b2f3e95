/**
 * A customer's own profile ("Edit self-profile"), for primary and secondary users alike: the
 * name, the password (the current one first), and the e-mail address, changed only when the
 * confirmation link sent to the new address is followed (the login; for a primary user also
 * the account's contact address, where every notification goes).
 */
import { EmailChangeBody, PasswordChangeBody, ProfileNameBody, type SelfProfile } from '../../shared/api/profile';
import { publicUrlOf } from '../config/serverConfig';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { sessionTokenOf } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { emailProbe, limitAttempt } from './attemptLimiter';
import { changeOwnPassword } from './ownPassword';
import { emailIs, removedUsersEmail } from './userEmail';
import { issueLink, pendingEmailChange } from './userLinks';

const tag = 'Customer profile';
const customers = ['customer.primary', 'customer.secondary'] as const;
const refusals = {
  'staff.dispatcher': 'staff change their own profile in the console',
  'staff.engineer': 'staff change their own profile in the console',
  'staff.billing': 'staff change their own profile in the console',
  'staff.admin': 'staff change their own profile in the console',
};

export function profileRoutes(ctx: ServerContext): RouteSpec[] {
  const publicUrl = publicUrlOf(ctx.config);
  const common = { tag, access: customers, refusals };

  const read = async (userId: number): Promise<SelfProfile> => {
    const u = await queryBuilder(ctx.db)
      .selectFrom('users as u')
      .innerJoin('accounts as a', 'a.id', 'u.accountId')
      .select((eb) => ['u.id', 'u.name', 'u.email', 'u.role', eb.case().when('u.role', '=', 'customer.primary').then(eb.ref('a.contactEmail')).end().as('contactEmail')])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    return { ...u!, pendingEmail: await pendingEmailChange(ctx.db, userId, ctx.clock.now()) };
  };

  return [
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/profile', summary: 'Read own profile (name, e-mail, a change waiting for confirmation)',
      handler: async ({ user }) => ({ profile: await read(user.id) }),
    }),
    defineRoute({
      ...common, method: 'PUT', url: '/api/customer/profile/name', summary: 'Change own name', body: ProfileNameBody,
      handler: async ({ user, body }) => {
        await write(ctx.db, ctx.clock.now(), async (w) => {
          await queryBuilder(w).updateTable('users').set((eb) => ({ name: body.name, version: eb('version', '+', 1) })).where('id', '=', user.id).execute();
          w.changed('user', user.id);
        });
        return { profile: await read(user.id) };
      },
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/profile/password', summary: 'Change own password (the current one first; ends the other sessions)', body: PasswordChangeBody,
      handler: async ({ user, body, request }) => {
        await changeOwnPassword(ctx, user, body, sessionTokenOf(request));
        return { ok: true };
      },
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/profile/email', summary: 'Ask to change own e-mail (a confirmation link goes to the new address)', body: EmailChangeBody,
      handler: async ({ user, body }) => {
        // email_taken tells whether an address has an account: limited per user (emailProbe).
        await limitAttempt(ctx.db, emailProbe(user.id), ctx.clock.now(), 'new users or e-mail changes');
        await write(ctx.db, ctx.clock.now(), async (w) => {
          const q = queryBuilder(w);
          const me = await q.selectFrom('users').select('email').where('id', '=', user.id).forUpdate().executeTakeFirst();
          if (me!.email.toLowerCase() === body.email) throw new ApiError(400, 'same_email', 'body.email: this is your e-mail already', 'body.email');
          const taken = await q.selectFrom('users').select(['accountId', 'active']).where((eb) => emailIs(eb, body.email)).executeTakeFirst();
          if (taken) throw removedUsersEmail(taken, user.accountId, 'body.email') ?? new ApiError(409, 'email_taken', 'body.email: this address signs in to another account already', 'body.email');
          await issueLink(w, publicUrl, { userId: user.id, purpose: 'email_change', newEmail: body.email });
        });
        return { profile: await read(user.id) };
      },
    }),
  ];
}
