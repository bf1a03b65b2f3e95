/**
 * Full-text search over ticket subjects, message bodies and FAQ articles, with highlighted
 * snippets. A very common word matches a large part of the cache, and ranking it is the one
 * slow search (SYNC.md: bm25 reads the word's whole posting list to weigh it). So each index
 * first counts up to `candidateCap` matches, newest first, which is cheap: when there are no
 * more, they are ranked by bm25; when there are more, the word is too common for bm25 to tell
 * rows apart (its weight is near 0), and the newest matches come first. Snippets are made only
 * for the hits returned.
 */
import type { CacheReader } from '../cache/cacheDatabase';
import { ftsQuery } from '../cache/ftsQuery';

/** A snippet as text runs; `match` runs are the words found (render as text, never as HTML). */
export type SnippetPart = { text: string; match: boolean };

/** One index row found (the console's results group these: searchResults.ts). */
export interface SearchHit {
  kind: 'ticket' | 'message' | 'faq';
  /** Ticket id, message id or FAQ article id. */
  id: number;
  /** The ticket to open (tickets and messages). */
  ticketId: number | null;
  ticketNumber: number | null;
  title: string;
  snippet: SnippetPart[];
  /** bm25: lower is better. */
  rank: number;
}

export interface SearchOptions {
  limit?: number;
  candidateCap?: number;
}

// Private-use characters cannot come from FTS5 tokens, so they mark matches unambiguously.
const open = '\uE000';
const close = '\uE001';

export function snippetParts(s: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of s.split(open)) {
    const end = piece.indexOf(close);
    if (end === -1) {
      if (piece) parts.push({ text: piece, match: false });
      continue;
    }
    parts.push({ text: piece.slice(0, end), match: true });
    if (end + 1 < piece.length) parts.push({ text: piece.slice(end + 1), match: false });
  }
  return parts;
}

export interface Source {
  kind: SearchHit['kind'];
  fts: string;
  /** Column of the snippet in the FTS table. */
  snippetColumn: number;
  /** Title, ticket id and number of one row, given its id. */
  describe: string;
}

const sources: Source[] = [
  { kind: 'ticket', fts: 'ticket_fts', snippetColumn: 0, describe: 'SELECT subject AS title, id AS ticketId, number AS ticketNumber FROM tickets WHERE id = ?' },
  {
    kind: 'message',
    fts: 'message_fts',
    snippetColumn: 0,
    describe: 'SELECT t.subject AS title, t.id AS ticketId, t.number AS ticketNumber FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.id = ?',
  },
  { kind: 'faq', fts: 'faq_fts', snippetColumn: 1, describe: 'SELECT title, NULL AS ticketId, NULL AS ticketNumber FROM faq_articles WHERE id = ?' },
];

export interface Candidate {
  source: Source;
  id: number;
  /** bm25 (lower is better); 0 for all when a word was too common to rank. */
  rank: number;
}

/**
 * Each index's matches, ranked as the header says: by bm25, or newest first when there are more
 * than `cap`. With `newest`, only the newest `cap` of each index, unranked (cheap whatever the word).
 */
export function searchCandidates(r: CacheReader, match: string, cap: number, order: 'relevance' | 'newest' = 'relevance'): Candidate[] {
  const ranked: Candidate[] = [];
  for (const source of sources) {
    const newest = r.statement(`SELECT rowid AS id FROM ${source.fts} WHERE ${source.fts} MATCH ? ORDER BY rowid DESC LIMIT ?`).all(match, cap + 1) as Array<{ id: number }>;
    if (order === 'newest' || newest.length > cap) {
      for (const row of newest.slice(0, cap)) ranked.push({ source, id: row.id, rank: 0 });
      continue;
    }
    const rows = r.statement(`SELECT rowid AS id, bm25(${source.fts}) AS rank FROM ${source.fts} WHERE ${source.fts} MATCH ?`).all(match) as Array<{ id: number; rank: number }>;
    for (const row of rows) ranked.push({ source, ...row });
  }
  // Stable: equal ranks keep the source order and, within a source, newest first.
  return ranked.sort((a, b) => a.rank - b.rank);
}

/** One row's snippet (its best few words around the matches), or its whole text highlighted (`whole`: a subject, a title). */
export function snippetOf(r: CacheReader, c: Pick<Candidate, 'source' | 'id'>, match: string, opts: { whole?: boolean; column?: number } = {}): SnippetPart[] {
  const s = c.source;
  const column = opts.column ?? s.snippetColumn;
  const fn = opts.whole ? `highlight(${s.fts}, ${column}, '${open}', '${close}')` : `snippet(${s.fts}, ${column}, '${open}', '${close}', '…', 16)`;
  const row = r.statement(`SELECT ${fn} AS s FROM ${s.fts} WHERE ${s.fts} MATCH ? AND rowid = ?`).get(match, c.id) as { s: string | null } | undefined;
  return snippetParts(row?.s ?? '');
}

export function searchCache(r: CacheReader, text: string, opts: SearchOptions = {}): SearchHit[] {
  const match = ftsQuery(text);
  if (match === null) return [];
  const limit = opts.limit ?? 20;
  const ranked = searchCandidates(r, match, opts.candidateCap ?? 150);
  const hits: SearchHit[] = [];
  for (const c of ranked.slice(0, limit)) {
    const s = c.source;
    const about = r.statement(s.describe).get(c.id) as { title: string; ticketId: number | null; ticketNumber: number | null } | undefined;
    if (!about) continue;
    hits.push({ kind: s.kind, id: c.id, ...about, snippet: snippetOf(r, c, match), rank: c.rank });
  }
  return hits;
}
