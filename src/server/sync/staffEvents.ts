/**
 * The console's live stream (GET /api/sync/events): pokes, presence and ticket call-outs. It
 * lasts only as long as its session: before it sends anything it makes sure the session still
 * holds (signed out, expired, the user deactivated or no longer staff end the stream with
 * `signed-out`). Events that arrive while a check runs wait for the next one, so a burst costs
 * one query per stream; the heartbeat checks too, so an idle stream ends as well.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { staffRoles, type Role } from '../../shared/domain/model';
import { bearerToken, userForToken, type SessionUser } from '../auth/sessions';
import { cookieToken } from '../portal/browserSession';
import type { ServerContext } from '../serverContext';
import { staffSees } from '../tickets/ticketCommands';
import { headSeq } from './changeLog';

export const staffHeartbeatMs = 15_000;

export async function streamStaffEvents(ctx: ServerContext, user: SessionUser, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = bearerToken(request.headers.authorization) ?? cookieToken(request) ?? '';
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });

  let ended = false;
  // What waits for the next check that the session holds; a burst of events shares one check.
  let waiting: string[] = [];
  let checking = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  const holds = async (): Promise<boolean> => {
    const current = await userForToken(ctx.db, token, ctx.clock.now());
    return current !== null && current.id === user.id && (staffRoles as readonly Role[]).includes(current.role);
  };
  const flush = async (): Promise<void> => {
    checking = true;
    try {
      while (waiting.length && !ended) {
        const batch = waiting;
        waiting = [];
        if (!(await holds())) {
          res.write('event: signed-out\ndata: {}\n\n');
          return end();
        }
        if (!ended) res.write(batch.join(''));
      }
    } catch {
      end();
    } finally {
      checking = false;
    }
  };
  const send = (text: string) => {
    if (ended) return;
    waiting.push(text);
    if (!checking) void flush();
  };
  const event = (name: string, data: unknown) => send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  // Subscribe before reading the head, so a commit in between is poked, not missed.
  const unsubscribe = ctx.live.subscribe((e) => {
    // A call-out names the ticket: only for consoles whose user may see it.
    if (e.event === 'notification' && !staffSees(user, e.audience)) return;
    event(e.event, e.data);
  }, ctx.clock.now());
  // Comments keep proxies and idle timeouts from closing a quiet stream (and check the session).
  const heartbeat = setInterval(() => send(': keep-alive\n\n'), staffHeartbeatMs);
  request.raw.on('close', end);
  event('poke', { seq: await headSeq(ctx.db) });
}
