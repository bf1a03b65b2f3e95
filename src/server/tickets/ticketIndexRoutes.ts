/**
 * The Communication center's index and the new-ticket form, for both customer roles: the
 * account's tickets newest first with filters and full-text search, the form's choices
 * (active licenses, the HotRush surcharge), and the cross-posting check (open tickets on a
 * similar subject).
 *
 * The search starts from the account's own tickets (tickets_account_number) and checks each
 * one's public messages through ticket_messages_ticket against their stored tsvector
 * (migration 005): it never reads another account's messages, and stops after one page of hits.
 */
import type { z } from 'zod';
import { ListTicketsQuery } from '../../shared/api/customerTickets';
import {
  ListTicketsResponse, SimilarTicketsQuery, SimilarTicketsResponse, TicketFormResponse, type ListedTicket,
} from '../../shared/api/customerTicketIndex';
import { decide, type TicketState } from '../../shared/tickets/lifecycle';
import type { LifecycleSettings } from '../../shared/domain/model';
import { lifecycleSettings } from '../config/settings';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { ticketColumns, ticketFrom } from './customerRoutes';

const customers = ['customer.primary', 'customer.secondary'] as const;
const tag = 'Customer tickets';

/** Marks ts_headline puts around found words; removed from the text first, so a message cannot forge them. */
const startSel = '\u0002';
const stopSel = '\u0003';
const headlineOptions = `StartSel=${startSel}, StopSel=${stopSel}, MaxWords=30, MinWords=12`;
const subjectHeadlineOptions = `StartSel=${startSel}, StopSel=${stopSel}, HighlightAll=true`;

/** The life-cycle columns a charge decision needs, beside the customer's columns. */
const stateColumns = `t.department_id AS "_departmentId", t.assignee_id AS "_assigneeId", t.merged_into_id AS "_mergedIntoId",
  t.clock_started_at AS "_clockStartedAt", t.answered_at AS "_answeredAt", t.pre_closed_at AS "_preClosedAt"`;

type Row = Omit<ListedTicket, 'closeCharge' | 'hit'> & {
  _departmentId: number | null; _assigneeId: number | null; _mergedIntoId: number | null;
  _clockStartedAt: number | null; _answeredAt: number | null; _preClosedAt: number | null;
  _hitIn: 'subject' | 'message' | 'number' | null; _hitMessageId: number | null; _snippet: string | null;
};

/** "a \u0002word\u0003 here" -> runs with the found words marked. */
export function snippetParts(headline: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  let rest = headline;
  while (rest.length) {
    const start = rest.indexOf(startSel);
    if (start < 0) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), match: false });
    const stop = rest.indexOf(stopSel, start + 1);
    const end = stop < 0 ? rest.length : stop;
    parts.push({ text: rest.slice(start + 1, end), match: true });
    rest = stop < 0 ? '' : rest.slice(stop + 1);
  }
  // Neighbouring marked words ("a phrase") read as one mark.
  return parts.filter((p) => p.text.length > 0);
}

/** What closing the ticket now would deduct, decided by the shared life cycle (first close: cost + HotRush surcharge). */
function closeChargeOf(r: Row, settings: LifecycleSettings, now: number): number | null {
  if (r.status !== 'pre_closed') return null;
  const state: TicketState = {
    status: r.status, type: r.type, priority: r.priority, hotRush: r.hotRush, cost: r.cost, departmentId: r._departmentId,
    assigneeId: r._assigneeId, mergedIntoId: r._mergedIntoId, clockStartedAt: r._clockStartedAt, answeredAt: r._answeredAt,
    preClosedAt: r._preClosedAt, closedAt: r.closedAt, chargedPoints: r.chargedPoints,
  };
  const d = decide(state, { type: 'close', by: 'customer' }, now, settings);
  return d.ok ? d.charge : null;
}

export async function listCustomerTickets(ctx: ServerContext, accountId: number, query: z.infer<typeof ListTicketsQuery>): Promise<z.infer<typeof ListTicketsResponse>> {
  const params: unknown[] = [accountId];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['t.account_id = $1'];
  if (query.status) where.push(`t.status = ${p(query.status)}`);
  if (query.type) where.push(`t.type = ${p(query.type)}`);
  if (query.priority) where.push(`t.priority = ${p(query.priority)}`);
  if (query.hotRush !== undefined) where.push(`t.hot_rush = ${p(query.hotRush)}`);
  if (query.before) where.push(`t.number < ${p(query.before)}`);

  const q = query.q?.trim() ? query.q.trim() : null;
  let sql: string;
  if (!q) {
    sql = `SELECT ${ticketColumns}, ${stateColumns}, NULL AS "_hitIn", NULL AS "_hitMessageId", NULL AS "_snippet"
             FROM ${ticketFrom} WHERE ${where.join(' AND ')} ORDER BY t.number DESC LIMIT ${p(query.limit + 1)}`;
  } else {
    const numberText = /^#?\d{1,15}$/.test(q) ? q.replace('#', '') : null;
    const qParam = p(q);
    const numberParam = p(numberText === null ? null : Number(numberText));
    const marks = p(startSel + stopSel);
    // The query's tsquery is built once, in a materialized CTE. websearch_to_tsquery never
    // fails on syntax (quotes, & | ! : * are words or operators it understands or drops).
    // The account's tickets (after the filters) are read first through tickets_account_number
    // into a materialized CTE, so no plan can start from another table. Each is then tried
    // newest first: its number, its subject, then its public messages through the ticket's own
    // index (ticket_messages_ticket), matched with ts_match_vq against the stored vector: the
    // function form, which the GIN index cannot serve, so the planner never scans the GIN's
    // posting lists (every account's messages) once per ticket. The page stops at limit+1 hits.
    sql = `WITH search AS MATERIALIZED (SELECT websearch_to_tsquery('simple', ${qParam}) AS q),
            mine AS MATERIALIZED (SELECT t.id, t.number, t.subject FROM tickets t WHERE ${where.join(' AND ')}),
            hits AS (
              SELECT t.id, hit.id AS message_id, hit.body AS message_body,
                     CASE WHEN t.number = ${numberParam}::bigint THEN 'number'
                          WHEN numnode(s.q) > 0 AND ts_match_vq(to_tsvector('simple', t.subject), s.q) THEN 'subject'
                          WHEN hit.id IS NOT NULL THEN 'message' END AS hit_in
                FROM mine t CROSS JOIN search s
                LEFT JOIN LATERAL (
                  SELECT m.id, m.body FROM ticket_messages m
                   WHERE m.ticket_id = t.id AND m.kind <> 'note' AND numnode(s.q) > 0 AND ts_match_vq(m.search_tsv, s.q)
                   ORDER BY m.created_at, m.id LIMIT 1
                ) hit ON true
               WHERE t.number = ${numberParam}::bigint OR (numnode(s.q) > 0 AND ts_match_vq(to_tsvector('simple', t.subject), s.q)) OR hit.id IS NOT NULL
               ORDER BY t.number DESC LIMIT ${p(query.limit + 1)}
            )
           SELECT ${ticketColumns}, ${stateColumns}, h.hit_in AS "_hitIn", CASE WHEN h.hit_in = 'message' THEN h.message_id END AS "_hitMessageId",
                  CASE h.hit_in
                    WHEN 'message' THEN ts_headline('simple', translate(h.message_body, ${marks}, ''), s.q, ${p(headlineOptions)})
                    WHEN 'subject' THEN ts_headline('simple', translate(t.subject, ${marks}, ''), s.q, ${p(subjectHeadlineOptions)})
                  END AS "_snippet"
             FROM hits h CROSS JOIN search s, ${ticketFrom}
            WHERE t.id = h.id
            ORDER BY t.number DESC`;
  }
  const rows = await ctx.db.query<Row>(sql, params);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const settings = await lifecycleSettings(ctx.db);
  const now = ctx.clock.now();
  const tickets: ListedTicket[] = page.map((r) => {
    const { _departmentId, _assigneeId, _mergedIntoId, _clockStartedAt, _answeredAt, _preClosedAt, _hitIn, _hitMessageId, _snippet, ...ticket } = r;
    return {
      ...ticket,
      closeCharge: closeChargeOf(r, settings, now),
      hit: _hitIn
        ? { in: _hitIn, messageId: _hitMessageId, snippet: _hitIn === 'number' ? [{ text: `#${r.number}`, match: true }] : snippetParts(_snippet ?? '') }
        : null,
    };
  });
  return { tickets, nextBefore: more ? page.at(-1)!.number : null };
}

export function ticketIndexRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/tickets', tag, access: customers,
      summary: 'List own tickets newest first: filters (status, type, priority, hotRush), full-text search q over subjects and public messages, paging by before',
      query: ListTicketsQuery, response: ListTicketsResponse,
      handler: ({ user, query }) => listCustomerTickets(ctx, user.accountId!, query),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/form', tag, access: customers,
      summary: 'The choices of the "Create a new ticket" form: the account\'s active licenses and the HotRush surcharge',
      response: TicketFormResponse,
      handler: async ({ user }) => {
        const licenses = await ctx.db.query<z.infer<typeof TicketFormResponse>['licenses'][number]>(
          `SELECT id, url, product, edition, kind, product_version AS "productVersion" FROM licenses
            WHERE account_id = $1 AND status = 'active' ORDER BY (kind = 'main') DESC, url, product, id`,
          [user.accountId],
        );
        const settings = await lifecycleSettings(ctx.db);
        return { licenses, hotRushSurcharge: settings.hotRushSurcharge, minorTurnaroundMs: settings.turnaroundMs.minor };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/form/similar', tag, access: customers,
      summary: 'Open (not closed) own tickets whose subject is like the given one, to warn about cross-posting before a new ticket is sent',
      query: SimilarTicketsQuery, response: SimilarTicketsResponse,
      handler: async ({ user, query }) => ({
        // Words of the subject without stop words, stemmed ('english'); a ticket is alike when
        // it shares at least 60% of the shorter subject's words.
        tickets: await ctx.db.query(
          `WITH w AS MATERIALIZED (SELECT tsvector_to_array(to_tsvector('english', $2)) AS words)
           SELECT t.number, t.subject, t.status, t.type
             FROM tickets t CROSS JOIN w
             CROSS JOIN LATERAL (SELECT tsvector_to_array(to_tsvector('english', t.subject)) AS words) tw
             CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM unnest(tw.words) x WHERE x = ANY (w.words)) o
            WHERE t.account_id = $1 AND t.status <> 'closed' AND t.type <> 'log' AND cardinality(w.words) > 0
              AND o.n > 0 AND o.n >= ceil(0.6 * least(cardinality(w.words), cardinality(tw.words)))
            ORDER BY o.n DESC, t.number DESC LIMIT 5`,
          [user.accountId, query.subject],
        ),
      }),
    }),
  ];
}
