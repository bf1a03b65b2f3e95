/** The FAQ article's address (`/faq/<slug>`): its title, lower case, words joined by hyphens. */
export function slugOf(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || 'article';
}

/** Slugs of articles in id order: a title's second article gets `-<id>` so every slug is one article. */
export function assignSlugs<T extends { id: number; title: string }>(articles: readonly T[]): Array<T & { slug: string }> {
  const seen = new Set<string>();
  return articles.map((a) => {
    let slug = slugOf(a.title);
    if (seen.has(slug)) slug = `${slug}-${a.id}`;
    seen.add(slug);
    return { ...a, slug };
  });
}
