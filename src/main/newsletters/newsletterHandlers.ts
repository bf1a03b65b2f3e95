/**
 * The admin's Newsletters screen: sending, test sends and the throttle are local actions of
 * the sync engine (pushed through /api/sync/push, refused there for other roles); the sent
 * issues and their counts are read from the server directly (online only): they are not
 * part of the synced rows.
 */
import type { Handlers } from '../../shared/console/consoleApi';
import { online } from '../console/handlers/staffHandlers';
import type { HandlerContext } from '../console/handlers/handlerContext';
import { performAction } from '../console/handlers/performAction';
import { readAdminNewsletters } from '../console/staffApi';

type NewsletterOperation = 'newsletter.send' | 'newsletter.testSend' | 'newsletter.setThrottle' | 'newsletter.list';

export function newsletterHandlers(ctx: HandlerContext): Pick<Handlers, NewsletterOperation> {
  const act = performAction(ctx);
  const stored = () => ctx.sessions.require().stored;
  return {
    'newsletter.send': act('newsletter.send'),
    'newsletter.testSend': act('newsletter.testSend'),
    'newsletter.setThrottle': act('newsletter.setThrottle'),
    'newsletter.list': () => online('the newsletters', () => readAdminNewsletters(ctx.fetch, stored().serverUrl, stored().token)),
  };
}
