/** Writes the starting FAQ. */
import type { Queryable } from '../../db/database';
import { BulkInsert } from '../bulkInsert';
import { faqArticles } from '../faq';
import type { SeedState } from '../seedState';
import { DAY } from '../units';

export async function writeFaq(state: SeedState, tx: Queryable): Promise<void> {
  const ins = new BulkInsert(tx, 'faq_articles', [['title', 'text'], ['body', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint']]);
  const at = state.now - 400 * DAY;
  for (const a of faqArticles()) await ins.add(a.title, a.body, at, at);
  await ins.flush();
}
