import type { Handlers } from '../../shared/console/consoleApi';
import { searchResults } from './searchResults';
import { searchFaq } from '../faq/faqArticles';
import type { HandlerContext } from '../console/handlers/handlerContext';

export function searchHandlers(ctx: HandlerContext): Pick<Handlers, 'search.query' | 'faq.search'> {
  return {
    'search.query': async ({ text, limit, order }) => searchResults(ctx.sessions.require().cache.reader, text, { limit, order }),
    'faq.search': async ({ text, limit }) => searchFaq(ctx.sessions.require().cache.reader, text, limit),
  };
}
