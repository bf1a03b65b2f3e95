/**
 * The search screen's results (issue 21): one result per ticket, its subject and all its
 * matching messages grouped under it, with what a person needs to pick the right one (status,
 * account, assignee, date) and the matching text rather than the subject again; FAQ articles
 * beside them. Ordered by relevance (a ticket ranks by its best match) or newest first (latest
 * activity). Snippets are read only for the results returned (search.ts: the candidates).
 */
import type { SearchHit, SearchOrder } from '../../shared/console/schemas';
import type { CacheReader } from '../cache/cacheDatabase';
import { ftsQuery } from '../cache/ftsQuery';
import { searchCandidates, snippetOf, type Candidate, type SnippetPart } from './search';

export interface SearchResultOptions {
  limit?: number;
  order?: SearchOrder;
  candidateCap?: number;
}

/** Matching messages shown under one ticket: the best and two more. */
const messagesShown = 3;
/** The opening of a ticket whose subject alone matched, in characters. */
const openingChars = 180;

interface Group {
  kind: 'ticket' | 'faq';
  id: number;
  rank: number;
  /** The subject's or title's own candidate, when it matched. */
  title: Candidate | null;
  messages: Candidate[];
}

interface TicketRow {
  number: number;
  subject: string;
  status: SearchHit['status'];
  company: string | null;
  assigneeId: number | null;
  updatedAt: number | null;
}

export function searchResults(r: CacheReader, text: string, opts: SearchResultOptions = {}): SearchHit[] {
  const match = ftsQuery(text);
  if (match === null) return [];
  const order = opts.order ?? 'relevance';
  const groups = new Map<string, Group>();
  for (const c of searchCandidates(r, match, opts.candidateCap ?? 150, order)) {
    const ticketId = c.source.kind === 'message' ? (r.statement('SELECT ticket_id AS t FROM messages WHERE id = ?').get(c.id) as { t: number } | undefined)?.t : c.id;
    if (ticketId === undefined) continue;
    const kind = c.source.kind === 'faq' ? 'faq' : 'ticket';
    const key = `${kind}:${ticketId}`;
    // Candidates come best first: a group's rank is its best match's.
    const g = groups.get(key) ?? { kind, id: ticketId, rank: c.rank, title: null, messages: [] };
    groups.set(key, g);
    if (c.source.kind === 'message') g.messages.push(c);
    else g.title = c;
  }

  const ranked: Array<{ hit: SearchHit; group: Group }> = [];
  for (const group of groups.values()) {
    const hit = group.kind === 'faq' ? faqHit(r, group) : ticketHit(r, group);
    if (hit) ranked.push({ hit, group });
  }
  // Relevance: best match first, equal ranks by latest activity; newest: latest activity first.
  ranked.sort((a, b) => (order === 'relevance' ? a.group.rank - b.group.rank : 0) || (b.hit.at ?? 0) - (a.hit.at ?? 0) || b.hit.id - a.hit.id);
  return ranked.slice(0, opts.limit ?? 20).map(({ hit, group }) => withSnippets(r, hit, group, match));
}

/** The result without its snippets (cheap: one row), for sorting. */
function ticketHit(r: CacheReader, g: Group): SearchHit | null {
  const t = r
    .statement(
      `SELECT t.number, t.subject, t.status, a.company, t.assignee_id AS assigneeId, t.updated_at AS updatedAt
         FROM tickets t LEFT JOIN accounts a ON a.id = t.account_id WHERE t.id = ?`,
    )
    .get(g.id) as TicketRow | undefined;
  if (!t) return null;
  return {
    kind: 'ticket',
    id: g.id,
    ticketId: g.id,
    ticketNumber: t.number,
    title: t.subject,
    titleParts: [{ text: t.subject, match: false }],
    snippet: [],
    status: t.status,
    company: t.company,
    assigneeId: t.assigneeId,
    at: t.updatedAt,
    titleMatched: g.title !== null,
    messageCount: g.messages.length,
    moreMessages: [],
  };
}

function faqHit(r: CacheReader, g: Group): SearchHit | null {
  const a = r.statement('SELECT title, coalesce(updated_at, created_at) AS at FROM faq_articles WHERE id = ?').get(g.id) as { title: string; at: number | null } | undefined;
  if (!a) return null;
  return {
    kind: 'faq',
    id: g.id,
    ticketId: null,
    ticketNumber: null,
    title: a.title,
    titleParts: [{ text: a.title, match: false }],
    snippet: [],
    status: null,
    company: null,
    assigneeId: null,
    at: a.at,
    titleMatched: true,
    messageCount: 0,
    moreMessages: [],
  };
}

function withSnippets(r: CacheReader, hit: SearchHit, g: Group, match: string): SearchHit {
  if (g.kind === 'faq') {
    const c = g.title!;
    const title = snippetOf(r, c, match, { whole: true, column: 0 });
    return { ...hit, titleParts: title.length ? title : hit.titleParts, titleMatched: title.some((p) => p.match), snippet: snippetOf(r, c, match, { column: 1 }) };
  }
  const titleParts = g.title ? snippetOf(r, g.title, match, { whole: true }) : hit.titleParts;
  // The best match first (or the newest, ordered so); the rest by the same order.
  const [first, ...rest] = g.messages.slice(0, messagesShown).map((m) => ({ m, parts: snippetOf(r, m, match) }));
  const at = (id: number) => (r.statement('SELECT created_at AS at FROM messages WHERE id = ?').get(id) as { at: number | null } | undefined)?.at ?? null;
  return {
    ...hit,
    titleParts: titleParts.length ? titleParts : hit.titleParts,
    snippet: first ? first.parts : opening(r, hit.id),
    moreMessages: rest.map(({ m, parts }) => ({ messageId: m.id, at: at(m.id), snippet: parts })),
  };
}

/** A ticket's first words, when only its subject matched: what it is about, not the subject again. */
function opening(r: CacheReader, ticketId: number): SnippetPart[] {
  const row = r.statement(`SELECT body FROM messages WHERE ticket_id = ? AND kind = 'customer' ORDER BY created_at, id LIMIT 1`).get(ticketId) as { body: string } | undefined;
  if (!row) return [];
  const flat = row.body.replace(/\s+/g, ' ').trim();
  return [{ text: flat.length > openingChars ? `${flat.slice(0, openingChars - 1)}…` : flat, match: false }];
}
