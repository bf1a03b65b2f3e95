/** FAQ articles to insert into replies: by relevance for the words typed, else all by title. */
import type { FaqArticle } from '../../shared/console/schemas';
import type { CacheReader } from '../cache/cacheDatabase';
import { ftsQuery } from '../cache/ftsQuery';

export function searchFaq(r: CacheReader, text: string, limit: number): FaqArticle[] {
  const match = ftsQuery(text);
  if (match === null) {
    return r.statement('SELECT id, title, body, updated_at AS updatedAt FROM faq_articles ORDER BY title LIMIT ?').all(limit) as FaqArticle[];
  }
  return r
    .statement(
      `SELECT a.id, a.title, a.body, a.updated_at AS updatedAt
         FROM faq_fts JOIN faq_articles a ON a.id = faq_fts.rowid
        WHERE faq_fts MATCH ? ORDER BY bm25(faq_fts) LIMIT ?`,
    )
    .all(match, limit) as FaqArticle[];
}
