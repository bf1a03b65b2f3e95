/** A ticket's detail from the cache, and the ticket actions as local actions of the sync engine. */
import type { Handlers, ParsedInput } from '../../shared/console/consoleApi';
import { Ticket, type ActionReceipt } from '../../shared/console/schemas';
import type { MutationName } from '../../shared/sync/protocol';
import { rejectedMutations } from '../cache/outbox';
import { ticketDetail } from './ticketDetail';
import { readTicketByNumber } from './ticketByNumber';
import { notFound } from '../console/consoleErrors';
import { ticketIdOf } from '../console/consoleSession';
import type { HandlerContext } from '../console/handlers/handlerContext';
import { performAction } from '../console/handlers/performAction';

export type TicketMutation = Extract<MutationName, `ticket.${string}`>;
type ActionHandlers = Pick<Handlers, TicketMutation>;

export function ticketHandlers(ctx: HandlerContext): Pick<Handlers, 'ticket.detail' | 'ticket.byNumber'> & ActionHandlers {
  const act = performAction(ctx);
  return {
    'ticket.detail': async ({ ticketId }) => {
      const s = ctx.sessions.require();
      const d = ticketDetail(s.cache.reader, ticketId);
      if (!d) throw notFound(`ticket ${ticketId}`);
      const failedActions = rejectedMutations(s.cache.reader)
        .filter((m) => ticketIdOf(m.args) === ticketId)
        .map((m) => ({ mutationId: m.id, name: m.name, ticketId, args: m.args, error: m.error ?? { code: 'rejected', message: 'refused' }, createdAt: m.createdAt }));
      const hotRushSurcharge = s.engine.lifecycleSettings.hotRushSurcharge;
      return { ...d, ticket: Ticket.parse(d.ticket), failedActions, presence: s.presence.on(ticketId, ctx.now()), hotRushSurcharge };
    },
    'ticket.byNumber': async ({ number }) => readTicketByNumber(ctx.sessions.require().cache.reader, number),
    'ticket.classify': act('ticket.classify'),
    'ticket.forward': act('ticket.forward'),
    'ticket.claim': act('ticket.claim'),
    'ticket.assign': act('ticket.assign'),
    'ticket.reply': act('ticket.reply'),
    'ticket.note': act('ticket.note'),
    'ticket.setPriority': act('ticket.setPriority'),
    'ticket.setHotRush': act('ticket.setHotRush'),
    'ticket.close': act('ticket.close'),
    'ticket.reopen': act('ticket.reopen'),
    'ticket.merge': act('ticket.merge'),
    'ticket.split': act('ticket.split'),
  };
}
