/** The operations that go to the server directly: access info, held mail and an account's private data for staff who do not cache it (never cached), and presence; held-mail decisions are local actions. */
import type { Handlers } from '../../../shared/console/consoleApi';
import { isNetworkFailure } from '../../../shared/networkFailure';
import { ConsoleError } from '../consoleErrors';
import { announcePresence, readAccountPrivateData, readHeldMails, revealAccessInfo } from '../staffApi';
import type { HeldMailMutation } from '../../../shared/api/heldMail';
import { performAction } from './performAction';
import type { HandlerContext } from './handlerContext';

export function serverHandlers(ctx: HandlerContext): Pick<Handlers, 'accessInfo.reveal' | 'presence.set' | 'heldMail.list' | 'account.privateData' | HeldMailMutation> {
  const act = performAction(ctx);
  return {
    'heldMail.list': async () => {
      const { serverUrl, token } = ctx.sessions.require().stored;
      return readHeldMails(ctx.fetch, serverUrl, token);
    },
    'account.privateData': async ({ accountId }) => {
      const { serverUrl, token } = ctx.sessions.require().stored;
      return readAccountPrivateData(ctx.fetch, serverUrl, token, accountId);
    },
    'heldMail.accept': act('heldMail.accept'),
    'heldMail.startTicket': act('heldMail.startTicket'),
    'heldMail.discard': act('heldMail.discard'),
    'accessInfo.reveal': async ({ ticketId }) => {
      const { serverUrl, token } = ctx.sessions.require().stored;
      return revealAccessInfo(ctx.fetch, serverUrl, token, ticketId);
    },
    'presence.set': async ({ ticketId, activity }) => {
      const { serverUrl, token } = ctx.sessions.require().stored;
      try {
        await announcePresence(ctx.fetch, serverUrl, token, ticketId, activity);
        return { delivered: true };
      } catch (err) {
        // Offline, others simply do not see us: not worth an error in the UI.
        if (isNetworkFailure(err) || (err instanceof ConsoleError && err.body.code === 'server_unreachable')) return { delivered: false };
        throw err;
      }
    },
  };
}
