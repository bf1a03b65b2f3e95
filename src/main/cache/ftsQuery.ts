/**
 * Turns what a person typed into a safe FTS5 query: the words, each quoted (so FTS5 syntax
 * and punctuation in the input mean nothing), all required. Returns null when no word is left.
 */
export function ftsQuery(text: string, maxTerms = 8): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.toLowerCase()))].slice(0, maxTerms);
  return terms.length ? terms.map((t) => `"${t}"`).join(' ') : null;
}
