/**
 * The newsletter routes: the admin's list of sent issues (the console's Newsletters screen;
 * changes are pushed mutations, newsletterCommands.ts), and the one-click unsubscribe that
 * needs no sign-in: the signed link's page (a GET of /newsletter/unsubscribe is the portal's
 * confirmation page, which reads the link here and confirms with a POST), and RFC 8058's
 * POST of `List-Unsubscribe=One-Click` straight to the link, which mail clients send from
 * their own "Unsubscribe" button. The token is the only authority: no session, no CSRF token
 * (a forged or altered token is refused, and all a token can do is stop one topic).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminNewsletters, UnsubscribeQuery, UnsubscribeView } from '../../shared/newsletters/newsletters';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { admins } from '../staff/staffRoutes';
import { write } from '../sync/changeLog';
import { readAdminNewsletters, unsubscribeByLink, unsubscribeView } from './newsletterStore';
import { unsubscribeLinks, type UnsubscribeGrant } from './unsubscribeLinks';

const tag = 'Newsletters';

const refusedToken = (where: string) => new ApiError(400, 'invalid_unsubscribe_link', `${where}: this unsubscribe link is not valid (altered or incomplete); use the link in the newsletter as it came, or sign in and change your Newsletter options`, where);

async function grantOf(ctx: ServerContext, token: string, where: string): Promise<UnsubscribeGrant> {
  const grant = (await unsubscribeLinks(ctx.db)).verify(token);
  if (!grant) throw refusedToken(where);
  return grant;
}

const unsubscribe = async (ctx: ServerContext, grant: UnsubscribeGrant) => {
  const { wasSubscribed } = await write(ctx.db, ctx.clock.now(), (w) => unsubscribeByLink(w, grant));
  return { topic: grant.topic, subscribed: false, wasSubscribed };
};

const Unsubscribed = z.object({ topic: z.string(), subscribed: z.literal(false), wasSubscribed: z.boolean() });

export function newsletterRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/admin/newsletters', tag, access: admins, summary: 'List sent newsletter issues with their counts',
      response: AdminNewsletters,
      handler: () => readAdminNewsletters(ctx.db),
    }),
    defineRoute({
      method: 'GET', url: '/api/newsletter/unsubscribe', tag, access: 'public', summary: 'Read what a newsletter unsubscribe link stops',
      query: UnsubscribeQuery, response: UnsubscribeView,
      handler: async ({ query }) => {
        const view = await unsubscribeView(ctx.db, await grantOf(ctx, query.token, 'query.token'));
        if (!view) throw refusedToken('query.token');
        return view;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/newsletter/unsubscribe', tag, access: 'public', summary: 'Unsubscribe by a newsletter link (the confirmation page)',
      body: UnsubscribeQuery, response: Unsubscribed,
      handler: async ({ body }) => unsubscribe(ctx, await grantOf(ctx, body.token, 'body.token')),
    }),
  ];
}

/**
 * RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` (form-encoded, sometimes
 * multipart) to the List-Unsubscribe URL itself. Registered in a scope of its own, so only
 * this URL takes bodies other than JSON.
 */
export async function registerOneClickUnsubscribe(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/newsletter/unsubscribe', async (request, reply) => {
      const token = (request.query as Record<string, unknown>).token;
      if (typeof token !== 'string' || !token) throw new ApiError(400, 'validation_failed', 'query.token: must be given', 'query.token');
      if (typeof request.body !== 'string' || !request.body.includes('List-Unsubscribe=One-Click')) {
        throw new ApiError(400, 'not_one_click', 'body: a one-click unsubscribe sends List-Unsubscribe=One-Click (RFC 8058)', 'body');
      }
      const result = await unsubscribe(ctx, await grantOf(ctx, token, 'query.token'));
      return reply.code(200).send(result);
    });
  });
}
