/**
 * The console's live stream (GET /api/sync/events): pokes, presence and ticket call-outs. It
 * lasts only as long as its session: before it sends anything it makes sure the session still
 * holds (signed out, expired, the user deactivated or no longer staff end the stream with
 * `signed-out`). Events that arrive while a check runs wait for the next one, so a burst costs
 * one query per stream; the heartbeat checks too, so an idle stream ends as well.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isStaff } from '../../shared/domain/model';
import { userForToken, type SessionUser } from '../auth/sessions';
import { openEventStream, sseEvent, sseKeepAlive } from '../http/eventStream';
import { sessionTokenOf } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { staffSees } from '../../shared/tickets/permissions';
import { headSeq } from './changeLog';

export const staffHeartbeatMs = 15_000;

export async function streamStaffEvents(ctx: ServerContext, user: SessionUser, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = sessionTokenOf(request) ?? '';
  const stream = openEventStream(request, reply, () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  // What waits for the next check that the session holds; a burst of events shares one check.
  let waiting: string[] = [];
  let checking = false;
  const holds = async (): Promise<boolean> => {
    const current = await userForToken(ctx.db, token, ctx.clock.now());
    return current !== null && current.id === user.id && isStaff(current.role);
  };
  const flush = async (): Promise<void> => {
    checking = true;
    try {
      while (waiting.length && !stream.ended) {
        const batch = waiting;
        waiting = [];
        if (!(await holds())) {
          stream.send('signed-out', {});
          return stream.end();
        }
        stream.write(batch.join(''));
      }
    } catch {
      stream.end();
    } finally {
      checking = false;
    }
  };
  const send = (text: string) => {
    if (stream.ended) return;
    waiting.push(text);
    if (!checking) void flush();
  };
  // Subscribe before reading the head, so a commit in between is poked, not missed.
  const unsubscribe = ctx.live.subscribe((e) => {
    // A call-out names the ticket: only for consoles whose user may see it.
    if (e.event === 'notification' && !staffSees(user, e.audience)) return;
    send(sseEvent(e.event, e.data));
  }, ctx.clock.now());
  // The heartbeat checks the session too, so an idle stream ends as well.
  const heartbeat = setInterval(() => send(sseKeepAlive), staffHeartbeatMs);
  send(sseEvent('poke', { seq: await headSeq(ctx.db) }));
}
