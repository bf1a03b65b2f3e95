/**
 * The starting FAQ: the questions of the vendor's help page (resources/seed/account-help.txt),
 * each with its answer, plus the page's ticket life cycle section, which staff quote often.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FaqArticleSeed {
  title: string;
  body: string;
}

const helpPagePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/seed/account-help.txt');

export const lifeCycleTitle = 'Tickets "life cycle"';

/** Question titles as the page's Contents lists them ("- 2.N Title"). */
function contentsQuestions(lines: readonly string[]): string[] {
  const titles: string[] = [];
  for (const line of lines) {
    const m = /^-\s*2\.\d+\s+(.+)$/.exec(line.trim());
    if (m) titles.push(m[1]!.trim());
  }
  return titles;
}

const joinBody = (lines: readonly string[]): string =>
  lines
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();

/**
 * Splits the page's FAQ section at its question headings. The headings are the Contents
 * entries 2.1..2.N; each answer runs to the next heading (or the Troubleshooting section).
 */
export function parseFaq(text: string): FaqArticleSeed[] {
  const lines = text.split(/\r?\n/);
  const questions = contentsQuestions(lines);
  const faqStart = lines.findIndex((l) => l.trim() === 'FAQ');
  if (faqStart < 0 || questions.length === 0) throw new Error('help page: no FAQ section found');
  const wanted = new Set(questions);
  const headings: Array<{ title: string; line: number }> = [];
  for (let i = faqStart + 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (wanted.has(l)) {
      headings.push({ title: l, line: i });
      wanted.delete(l);
    }
  }
  if (wanted.size) throw new Error(`help page: FAQ answers missing for ${[...wanted].map((q) => `"${q}"`).join(', ')}`);
  let end = lines.findIndex((l, i) => i > faqStart && l.trim() === 'Troubleshooting');
  if (end < 0) end = lines.length;
  const articles = headings.map((h, k) => ({
    title: h.title,
    body: joinBody(lines.slice(h.line + 1, headings[k + 1]?.line ?? end)),
  }));

  // The life cycle section: from its heading to the page's "Recommendations".
  const lcStart = lines.findIndex((l) => l.trim() === lifeCycleTitle);
  if (lcStart >= 0) {
    let lcEnd = lines.findIndex((l, i) => i > lcStart && l.trim() === 'Recommendations');
    if (lcEnd < 0) lcEnd = faqStart;
    articles.push({ title: lifeCycleTitle, body: joinBody(lines.slice(lcStart + 1, lcEnd)) });
  }
  return articles;
}

/** The starting FAQ articles, read from the repository's copy of the help page. */
export function faqArticles(file = helpPagePath): FaqArticleSeed[] {
  return parseFaq(readFileSync(file, 'utf8'));
}
