/** The sync endpoints of SYNC.md: bootstrap, changes, live events, push and presence. */
import { z } from 'zod';
import { staffRoles } from '../../shared/domain/model';
import { BootstrapColumnsLine, BootstrapEndLine, bootstrapNextHeader, bootstrapPageRows, BootstrapRowLine, ChangesResponse, Cursor, formatCursor, parseCursor, PresenceUpdate, PushRequest, PushResponse, type Change } from '../../shared/sync/protocol';
import { queryBuilder, sql } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { assertStaffSees } from '../tickets/ticketAccess';
import { bootstrapLines } from './bootstrap';
import { readChangesAfter } from './changesRead';
import { streamStaffEvents } from './staffEvents';
import { push } from './push';
import { redactedFor } from './entities';
import { scopedEpoch, scopesOf } from './scopes';

const tag = 'Sync';
const clientIdQuery = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/).optional();

export function syncRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/sync/bootstrap', tag, access: staffRoles, summary: 'Read a bootstrap page',
      query: z.strictObject({ after: z.string().max(4000).optional(), limit: z.coerce.number().int().min(1).max(bootstrapPageRows.max).default(bootstrapPageRows.default) }),
      response: z.union([BootstrapColumnsLine, BootstrapRowLine, BootstrapEndLine]), produces: 'application/x-ndjson',
      handler: async ({ user, query, reply }) => {
        const scopes = scopesOf(user);
        const page = await bootstrapLines(ctx.db, scopedEpoch(ctx.epoch, scopes), scopes, query.after, query.limit);
        const lines = [...page.chunks, JSON.stringify(page.end)];
        reply.type('application/x-ndjson');
        if (page.end.next) reply.header(bootstrapNextHeader, page.end.next);
        return lines.join('\n') + '\n';
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/sync/changes', tag, access: staffRoles, summary: 'Read changes after a cursor',
      query: z.strictObject({ cursor: Cursor, limit: z.coerce.number().int().min(1).max(10_000).default(1000), clientId: clientIdQuery }),
      response: ChangesResponse,
      handler: async ({ user, query }) => {
        const { epoch, seq } = parseCursor(query.cursor);
        const scopes = scopesOf(user);
        const userEpoch = scopedEpoch(ctx.epoch, scopes);
        // A cursor of the bare database epoch was handed out before cursors carried the scopes,
        // so a scope change since then cannot be told: only a read from seq 0 (what tools build)
        // is taken with it, answered with a scoped cursor; a console further along bootstraps again.
        if (epoch === ctx.epoch && seq > 0) {
          throw new ApiError(409, 'cursor_scopes_unknown', 'this cursor does not say which role and departments it was handed out for; bootstrap again', 'query.cursor');
        }
        if (epoch !== userEpoch && epoch !== ctx.epoch) {
          if (epoch.startsWith(`${ctx.epoch}-`)) throw new ApiError(409, 'cursor_scopes_changed', 'your role or departments changed since this cursor was handed out; bootstrap again', 'query.cursor');
          throw new ApiError(409, 'cursor_epoch_unknown', 'the cursor is from another epoch of this server\'s data; bootstrap again', 'query.cursor');
        }
        // Past any seq a bigint column holds (and the read's parameter): ahead of every head.
        if (!Number.isSafeInteger(seq)) throw new ApiError(409, 'cursor_ahead', 'the cursor is ahead of the server; bootstrap again', 'query.cursor');
        const read = await readChangesAfter(ctx.db, { after: seq, scopes, limit: query.limit, clientId: query.clientId ?? null, userId: user.id });
        const { head, changes } = read;
        if (seq > head) throw new ApiError(409, 'cursor_ahead', `the cursor is ahead of the server (head ${head}); bootstrap again`, 'query.cursor');
        if (seq < read.trimmedThrough) throw new ApiError(409, 'cursor_trimmed', `the change log no longer holds the changes after this cursor (kept from seq ${read.trimmedThrough}); bootstrap again`, 'query.cursor');
        for (const r of changes) {
          const redacted = r.payload && redactedFor(r.entity, scopes);
          if (redacted) r.payload = { ...r.payload, ...redacted };
        }
        const full = changes.length === query.limit;
        const reached = full ? changes.at(-1)!.seq : head;
        return { changes, cursor: formatCursor(userEpoch, reached), upToDate: reached === head, lastMutationId: read.lastMutationId };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/sync/events', tag, access: staffRoles, summary: 'Listen for pokes, presence and ticket notifications (Server-Sent Events)',
      produces: 'text/event-stream', response: z.string(),
      handler: ({ user, request, reply }) => streamStaffEvents(ctx, user, request, reply),
    }),
    defineRoute({
      method: 'POST', url: '/api/sync/push', tag, access: staffRoles, summary: 'Push mutations',
      body: PushRequest, response: PushResponse, checksOwnText: true,
      handler: ({ user, body }) => push(ctx, user, body),
    }),
    defineRoute({
      method: 'POST', url: '/api/sync/presence', tag, access: staffRoles, summary: 'Say which ticket you are viewing or replying to',
      body: PresenceUpdate, response: z.object({ ok: z.literal(true) }),
      handler: async ({ user, body }) => {
        const t = await queryBuilder(ctx.db).selectFrom('tickets').select(['departmentId', 'assigneeId']).where('id', '=', body.ticketId).executeTakeFirst();
        if (!t) throw new ApiError(404, 'not_found', `ticket ${body.ticketId} not found`, 'body.ticketId');
        assertStaffSees(user, t);
        await ctx.live.publishPresence({ ticketId: body.ticketId, userId: user.id, userName: user.name, activity: body.activity, at: ctx.clock.now() }, t);
        return { ok: true as const };
      },
    }),
  ];
}
