/**
 * The FAQ for everyone, visitors included: the article list with a search (every word of the
 * query in the title or the text), and one article by its slug (`/faq/<slug>` in the portal).
 * Public and read-only; staff edit articles from the console.
 */
import { z } from 'zod';
import { assignSlugs } from '../../shared/faq/slug';
import { queryBuilder } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';

const tag = 'FAQ';
const FaqQuery = z.strictObject({ q: z.string().max(200, 'must be at most 200 characters').optional() });
const SlugParams = z.strictObject({ slug: z.string().regex(/^[a-z0-9-]{1,100}$/, 'must be an article\'s address, e.g. how-to-transfer-the-license') });

const ArticleSummary = z.object({ id: z.number(), slug: z.string(), title: z.string(), excerpt: z.string() });
const Article = z.object({ id: z.number(), slug: z.string(), title: z.string(), body: z.string(), updatedAt: z.number() });

interface Row {
  id: number;
  title: string;
  body: string;
  updatedAt: number;
}

const likePattern = (word: string): string => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const excerpt = (body: string): string => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 180 ? `${flat.slice(0, 177).trimEnd()}…` : flat;
};

export function faqRoutes(ctx: ServerContext): RouteSpec[] {
  // Slugs come from the titles of all articles in id order (so a repeated title still has one address).
  const all = async (): Promise<Array<Row & { slug: string }>> =>
    assignSlugs(await queryBuilder(ctx.db).selectFrom('faqArticles').select(['id', 'title', 'body', 'updatedAt']).orderBy('id').execute());
  return [
    defineRoute({
      method: 'GET', url: '/api/faq', tag, access: 'public', summary: 'List or search the FAQ articles', query: FaqQuery,
      response: z.object({ articles: z.array(ArticleSummary) }),
      handler: async ({ query }) => {
        const words = (query.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
        const articles = await all();
        let ids: Set<number> | null = null;
        if (words.length) {
          const rows = await queryBuilder(ctx.db)
            .selectFrom('faqArticles')
            .select('id')
            .where((eb) => eb.and(words.map((w) => eb.or([eb('title', 'ilike', likePattern(w)), eb('body', 'ilike', likePattern(w))]))))
            .execute();
          ids = new Set(rows.map((r) => r.id));
        }
        return {
          articles: articles.filter((a) => !ids || ids.has(a.id)).map((a) => ({ id: a.id, slug: a.slug, title: a.title, excerpt: excerpt(a.body) })),
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/faq/:slug', tag, access: 'public', summary: 'Read one FAQ article', params: SlugParams,
      response: z.object({ article: Article }),
      handler: async ({ params }) => {
        const a = (await all()).find((x) => x.slug === params.slug);
        if (!a) throw notFound(`FAQ article "${params.slug}"`);
        return { article: a };
      },
    }),
  ];
}
