/**
 * The console's live stream (GET /api/sync/events): pokes, presence and ticket call-outs. It
 * lasts only as long as its session: before it sends anything it makes sure the session still
 * holds (signed out, expired, the user deactivated or no longer staff end the stream with
 * `signed-out`; an ended session of the user makes it check at once). Events that arrive while a check runs wait for the next one, so a burst costs
 * one query per stream; the heartbeat checks too, so an idle stream ends as well.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoalescingTask } from '../../shared/async/coalescingTask';
import { isStaff } from '../../shared/domain/model';
import type { StaffStreamEvent } from '../../shared/sync/streamEvents';
import type { SessionUser } from '../auth/sessions';
import { openEventStream, sseEvent, sseKeepAlive } from '../http/eventStream';
import { sessionTokenOf } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { mayTakeAction, staffSees } from '../../shared/tickets/permissions';
import { queryBuilder } from '../db/queryBuilder';
import { headSeq } from './changeLog';
import type { LiveEvent } from './liveHub';

export const staffHeartbeatMs = 15_000;

export async function streamStaffEvents(ctx: ServerContext, user: SessionUser, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = sessionTokenOf(request) ?? '';
  const stream = openEventStream<StaffStreamEvent>(request, reply, () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  // What waits for the next check that the session holds; a burst of events shares one check.
  let waiting: string[] = [];
  const holds = async (): Promise<boolean> => {
    const current = await ctx.sessionChecks.check(token);
    return current !== null && current.userId === user.id && isStaff(current.role);
  };
  const flush = new CoalescingTask(async () => {
    const batch = waiting;
    waiting = [];
    if (!batch.length || stream.ended) return;
    try {
      if (!(await holds())) {
        const u = await queryBuilder(ctx.db).selectFrom('users').select('active').where('id', '=', user.id).executeTakeFirst();
        stream.send({ event: 'signed-out', data: { reason: u?.active === false ? 'deactivated' : 'ended' } });
        return stream.end();
      }
      stream.write(batch.join(''));
    } catch {
      stream.end();
    }
  });
  const send = (text: string) => {
    if (stream.ended) return;
    waiting.push(text);
    void flush.run();
  };
  // Subscribe before reading the head, so a commit in between is poked, not missed.
  const unsubscribe = ctx.live.subscribe((e) => {
    // The user's sessions ended somewhere: check this one now, rather than at the next event.
    if (e.event === 'sessions-ended') return e.data.userId === user.id ? send(sseKeepAlive) : undefined;
    // Held mail is for those who may handle it.
    if (e.event === 'held-mail') return mayTakeAction(user.role, 'handle_held_mail') ? send(sseEvent(e)) : undefined;
    // Call-outs and presence name a ticket: only for consoles whose user may see it.
    if (e.event !== 'poke' && !staffSees(user, e.audience)) return;
    send(sseEvent(staffEventOf(e)));
  }, ctx.clock.now());
  // The heartbeat checks the session too, so an idle stream ends as well.
  const heartbeat = setInterval(() => send(sseKeepAlive), staffHeartbeatMs);
  send(sseEvent({ event: 'poke', data: { seq: await headSeq(ctx.db) } } satisfies StaffStreamEvent));
}

/** What the stream tells of a hub event: an event's audience stays on the server. */
function staffEventOf(e: Exclude<LiveEvent, { event: 'sessions-ended' | 'held-mail' }>): StaffStreamEvent {
  if (e.event === 'presence') return { event: e.event, data: e.data };
  return e.event === 'notification' ? { event: e.event, data: e.data } : e;
}
