import type { Handlers } from '../../shared/console/consoleApi';
import { searchCache } from './search';
import { searchFaq } from '../faq/faqArticles';
import type { HandlerContext } from '../console/handlers/handlerContext';

export function searchHandlers(ctx: HandlerContext): Pick<Handlers, 'search.query' | 'faq.search'> {
  return {
    'search.query': async ({ text, limit }) => searchCache(ctx.sessions.require().cache.reader, text, { limit }),
    'faq.search': async ({ text, limit }) => searchFaq(ctx.sessions.require().cache.reader, text, limit),
  };
}
