/**
 * Live updates for the customer portal (Server-Sent Events): `event: ticket` `{"number": N}`
 * whenever one of the signed-in user's own account's tickets, or its public conversation or
 * attachments, changed. It rides on the live hub's pokes: on each one the stream reads the
 * change log after the last seq it handled, in one query that also checks the session is
 * still alive (a signed-out or expired session ends the stream at its next poke or heartbeat,
 * an ended one at once),
 * and maps the changed rows to ticket numbers of this account only.
 */
import { z } from 'zod';
import type { CustomerStreamEvent } from '../../shared/api/customerTicketEvents';
import { CoalescingTask } from '../../shared/async/coalescingTask';
import { hashSessionToken } from '../auth/sessions';
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import { openEventStream, sseKeepAlive } from '../http/eventStream';
import { defineRoute, type RouteSpec } from '../http/routes';
import { sessionTokenOf } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { headSeq } from './changeLog';

const customers = ['customer.primary', 'customer.secondary'] as const;
export const customerHeartbeatMs = 15_000;

interface PokeFacts {
  tokenHash: string;
  now: number;
  userId: number;
  accountId: number;
  /** The change-log window (from, upTo] to look in. */
  from: number;
  upTo: number;
}

/**
 * Whether the session still holds, and the numbers of the account's tickets changed in
 * (after, upTo]. Internal notes are left out (the customer never sees them); a ticket row's
 * own change (status, priority...) counts, as does a public message or attachment on it.
 */
const pokeQuery = (db: Queryable, f: PokeFacts) =>
  queryBuilder(db).selectNoFrom((eb) => [
    eb
      .exists(
        eb.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.userId').select(sql.lit(1).as('one'))
          .where('s.tokenHash', '=', f.tokenHash).where('s.expiresAt', '>', f.now).where('u.active', '=', true).where('u.id', '=', f.userId),
      )
      .$castTo<boolean>()
      .as('alive'),
    eb.fn
      .coalesce(
        eb
          .selectFrom('changes as c')
          // A message's or attachment's change names its ticket in the payload (jsonb: the builder has no typed ->> on it).
          .innerJoin('tickets as t', (join) =>
            join.on((j) => j('t.id', '=', j.case().when('c.entity', '=', 'ticket').then(j.ref('c.entityId')).else(sql<number>`(${sql.ref('c.payload')}->>'ticketId')::bigint`).end())),
          )
          .select((e) => e.fn.agg<number[]>('array_agg', ['t.number']).distinct().orderBy('t.number').as('numbers'))
          .where('c.seq', '>', f.from)
          .where('c.seq', '<=', f.upTo)
          .where('t.accountId', '=', f.accountId)
          .where((e) =>
            e.or([
              e('c.entity', '=', 'ticket'),
              e.and([e('c.entity', 'in', ['message', 'attachment']), e('c.op', '=', 'upsert'), e(sql<string>`coalesce(${sql.ref('c.payload')}->>'kind', '')`, '<>', 'note')]),
            ]),
          ),
        sql<number[]>`'{}'`,
      )
      .as('numbers'),
  ]);

export function customerEventRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/events', tag: 'Customer live events', access: customers,
      summary: 'Listen for changes to own tickets (Server-Sent Events: `ticket` {number})',
      produces: 'text/event-stream', response: z.string(),
      handler: async ({ user, request, reply }) => {
        const tokenHash = hashSessionToken(sessionTokenOf(request) ?? '');
        const stream = openEventStream<CustomerStreamEvent>(request, reply, () => {
          clearInterval(heartbeat);
          unsubscribe();
        });
        let last = Number.POSITIVE_INFINITY; // until the head is read, nothing is older than it
        let head = 0;
        let heartbeatDue = false;
        const readHead = async () => {
          const h = await headSeq(ctx.db);
          last = h;
          if (h > head) head = h;
          stream.send({ event: 'ready', data: { seq: h } });
          // Pokes that came while reading the head.
          if (head > last) void read.run();
        };
        const check = async () => {
          const withHeartbeat = heartbeatDue;
          heartbeatDue = false;
          const upTo = head;
          const from = Math.min(last, upTo);
          const row = await pokeQuery(ctx.db, { tokenHash, now: ctx.clock.now(), userId: user.id, accountId: user.accountId!, from, upTo }).executeTakeFirst();
          if (stream.ended) return;
          if (!row?.alive) {
            stream.send({ event: 'signed-out', data: {} });
            stream.end();
            return;
          }
          last = upTo;
          for (const n of row.numbers) stream.send({ event: 'ticket', data: { number: Number(n) } });
          if (withHeartbeat) stream.write(sseKeepAlive);
        };
        // One read at a time per stream, the head first: pokes and heartbeats arriving meanwhile
        // are folded into the next read.
        const read = new CoalescingTask(async () => {
          if (stream.ended) return;
          try {
            await (last === Number.POSITIVE_INFINITY ? readHead() : check());
          } catch {
            stream.end();
          }
        });
        // Subscribe before reading the head, so a commit in between is poked, not missed.
        const unsubscribe = ctx.live.subscribe((e) => {
          // The user's sessions ended somewhere (endSessions): check this one now.
          if (e.event === 'sessions-ended' && e.data.userId === user.id) {
            heartbeatDue = true;
            return void read.run();
          }
          if (e.event !== 'poke' || stream.ended) return;
          if (e.data.seq > head) head = e.data.seq;
          if (last !== Number.POSITIVE_INFINITY) void read.run();
        }, ctx.clock.now());
        const heartbeat = setInterval(() => {
          heartbeatDue = true;
          void read.run();
        }, customerHeartbeatMs);
        void read.run();
      },
    }),
  ];
}
