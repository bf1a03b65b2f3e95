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
import type { ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import { ListTicketsQuery } from '../../shared/api/customerTickets';
import {
  ListTicketsResponse, SimilarTicketsQuery, SimilarTicketsResponse, TicketFormResponse, type ListedTicket,
} from '../../shared/api/customerTicketIndex';
import { decide, type TicketState } from '../../shared/tickets/lifecycle';
import type { LifecycleSettings } from '../../shared/domain/model';
import { queryBuilder, sql, type Tables } from '../db/queryBuilder';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { customerTicketColumns, customerTicketRows } from './customerRoutes';

const customers = ['customer.primary', 'customer.secondary'] as const;
const tag = 'Customer tickets';

/** Marks ts_headline puts around found words; removed from the text first, so a message cannot forge them. */
const startSel = '\u0002';
const stopSel = '\u0003';
const headlineOptions = `StartSel=${startSel}, StopSel=${stopSel}, MaxWords=30, MinWords=12`;
const subjectHeadlineOptions = `StartSel=${startSel}, StopSel=${stopSel}, HighlightAll=true`;

/** The life-cycle columns a charge decision needs, beside the customer's columns. */
const stateColumns = ['t.departmentId', 't.assigneeId', 't.mergedIntoId', 't.clockStartedAt', 't.answeredAt', 't.preClosedAt'] as const;

type Row = Omit<ListedTicket, 'closeCharge' | 'hit'> & Pick<TicketState, 'departmentId' | 'assigneeId' | 'mergedIntoId' | 'clockStartedAt' | 'answeredAt' | 'preClosedAt'> & {
  hitIn: 'subject' | 'message' | 'number' | null; hitMessageId: number | null; snippet: string | null;
};

type TicketsAsT = ExpressionBuilder<Tables & { t: Tables['tickets'] }, 't'>;

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
    status: r.status, type: r.type, priority: r.priority, hotRush: r.hotRush, cost: r.cost, departmentId: r.departmentId,
    assigneeId: r.assigneeId, mergedIntoId: r.mergedIntoId, clockStartedAt: r.clockStartedAt, answeredAt: r.answeredAt,
    preClosedAt: r.preClosedAt, closedAt: r.closedAt, chargedPoints: r.chargedPoints,
  };
  const d = decide(state, { type: 'close', by: 'customer' }, now, settings);
  return d.ok ? d.charge : null;
}

export async function listCustomerTickets(ctx: ServerContext, accountId: number, query: z.infer<typeof ListTicketsQuery>): Promise<z.infer<typeof ListTicketsResponse>> {
  const filters = (eb: TicketsAsT) =>
    eb.and([
      eb('t.accountId', '=', accountId),
      ...(query.status ? [eb('t.status', '=', query.status)] : []),
      ...(query.type ? [eb('t.type', '=', query.type)] : []),
      ...(query.priority ? [eb('t.priority', '=', query.priority)] : []),
      ...(query.hotRush !== undefined ? [eb('t.hotRush', '=', query.hotRush)] : []),
      ...(query.before ? [eb('t.number', '<', query.before)] : []),
    ]);

  const q = query.q?.trim() ? query.q.trim() : null;
  let rows: Row[];
  if (!q) {
    rows = await customerTicketRows(ctx.db)
      .select([...stateColumns, sql<null>`NULL`.as('hitIn'), sql<null>`NULL`.as('hitMessageId'), sql<null>`NULL`.as('snippet')])
      .where(filters)
      .orderBy('t.number', 'desc')
      .limit(query.limit + 1)
      .execute();
  } else {
    const numberText = /^#?\d{1,15}$/.test(q) ? q.replace('#', '') : null;
    const number = numberText === null ? null : Number(numberText);
    const marks = startSel + stopSel;
    // The query's tsquery is built once, in a materialized CTE. websearch_to_tsquery never
    // fails on syntax (quotes, & | ! : * are words or operators it understands or drops).
    // The account's tickets (after the filters) are read first through tickets_account_number
    // into a materialized CTE, so no plan can start from another table. Each is then tried
    // newest first: its number, its subject, then its public messages through the ticket's own
    // index (ticket_messages_ticket), matched with ts_match_vq against the stored vector: the
    // function form, which the GIN index cannot serve, so the planner never scans the GIN's
    // posting lists (every account's messages) once per ticket. The page stops at limit+1 hits.
    const hasWords = sql<boolean>`numnode(${sql.ref('s.q')}) > 0`;
    const numberHit = sql<boolean>`${sql.ref('t.number')} = ${number}::bigint`;
    const subjectHit = sql<boolean>`(${hasWords} AND ts_match_vq(to_tsvector('simple', ${sql.ref('t.subject')}), ${sql.ref('s.q')}))`;
    rows = await queryBuilder(ctx.db)
      .with((cte) => cte('search').materialized(), (db) => db.selectNoFrom(sql<string>`websearch_to_tsquery('simple', ${q})`.as('q')))
      .with((cte) => cte('mine').materialized(), (db) => db.selectFrom('tickets as t').select(['t.id', 't.number', 't.subject']).where(filters))
      .with('hits', (db) =>
        db
          .selectFrom('mine as t')
          .crossJoin('search as s')
          .leftJoinLateral(
            (eb) =>
              eb
                .selectFrom('ticketMessages as m')
                .select(['m.id', 'm.body'])
                .whereRef('m.ticketId', '=', 't.id')
                .where('m.kind', '<>', sql.lit('note'))
                .where(sql<boolean>`(${hasWords} AND ts_match_vq(${sql.ref('m.searchTsv')}, ${sql.ref('s.q')}))`)
                .orderBy('m.createdAt')
                .orderBy('m.id')
                .limit(sql.lit(1))
                .as('hit'),
            (join) => join.onTrue(),
          )
          .select([
            't.id',
            'hit.id as messageId',
            'hit.body as messageBody',
            sql<Row['hitIn']>`CASE WHEN ${numberHit} THEN 'number' WHEN ${subjectHit} THEN 'subject' WHEN ${sql.ref('hit.id')} IS NOT NULL THEN 'message' END`.as('hitIn'),
          ])
          .where((eb) => eb.or([numberHit, subjectHit, eb('hit.id', 'is not', null)]))
          .orderBy('t.number', 'desc')
          .limit(query.limit + 1),
      )
      .selectFrom(['hits as h', 'search as s', 'tickets as t'])
      .leftJoin('tickets as f', 'f.id', 't.followUpOfId')
      .leftJoin('tickets as mi', 'mi.id', 't.mergedIntoId')
      .select([
        ...customerTicketColumns,
        ...stateColumns,
        'h.hitIn',
        sql<number | null>`CASE WHEN ${sql.ref('h.hitIn')} = 'message' THEN ${sql.ref('h.messageId')} END`.as('hitMessageId'),
        sql<string | null>`CASE ${sql.ref('h.hitIn')}
          WHEN 'message' THEN ts_headline('simple', translate(${sql.ref('h.messageBody')}, ${marks}, ''), ${sql.ref('s.q')}, ${headlineOptions})
          WHEN 'subject' THEN ts_headline('simple', translate(${sql.ref('t.subject')}, ${marks}, ''), ${sql.ref('s.q')}, ${subjectHeadlineOptions})
        END`.as('snippet'),
      ])
      .whereRef('t.id', '=', 'h.id')
      .orderBy('t.number', 'desc')
      .$narrowType<Pick<Row, 'status' | 'type' | 'priority'>>()
      .execute();
  }
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const settings = await ctx.settings.lifecycle();
  const now = ctx.clock.now();
  const tickets: ListedTicket[] = page.map((r) => {
    const { departmentId, assigneeId, mergedIntoId, clockStartedAt, answeredAt, preClosedAt, hitIn, hitMessageId, snippet, ...ticket } = r;
    return {
      ...ticket,
      closeCharge: closeChargeOf(r, settings, now),
      hit: hitIn
        ? { in: hitIn, messageId: hitMessageId, snippet: hitIn === 'number' ? [{ text: `#${r.number}`, match: true }] : snippetParts(snippet ?? '') }
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
        const licenses = await queryBuilder(ctx.db)
          .selectFrom('licenses')
          .select(['id', 'url', 'product', 'edition', 'kind', 'productVersion'])
          .where('accountId', '=', user.accountId!)
          .where('status', '=', 'active')
          .orderBy((eb) => eb('kind', '=', sql.lit('main')), 'desc')
          .orderBy('url')
          .orderBy('product')
          .orderBy('id')
          // The column's CHECK constraint holds it to the license kinds.
          .$narrowType<Pick<TicketFormResponse['licenses'][number], 'kind'>>()
          .execute();
        const settings = await ctx.settings.lifecycle();
        return { licenses, hotRushSurcharge: settings.hotRushSurcharge, minorTurnaroundMs: settings.turnaroundMs.minor };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/form/similar', tag, access: customers,
      summary: 'Open (not closed) own tickets whose subject is like the given one, to warn about cross-posting before a new ticket is sent',
      query: SimilarTicketsQuery, response: SimilarTicketsResponse,
      handler: async ({ user, query }) => ({
        // Words of the subject without stop words, stemmed ('english'); a ticket is alike when
        // it shares at least 60% of the shorter subject's words. Stays a typed SQL template:
        // the word arrays (tsvector_to_array, unnest, cardinality over a MATERIALIZED CTE and two
        // LATERAL subqueries) have no typed form in the builder; the table and its columns are
        // still named through it (sql.table / sql.ref, in camelCase like every query's).
        tickets: (
          await sql<SimilarTicketsResponse['tickets'][number]>`WITH w AS MATERIALIZED (SELECT tsvector_to_array(to_tsvector('english', ${query.subject})) AS words)
           SELECT ${sql.ref('t.number')}, ${sql.ref('t.subject')}, ${sql.ref('t.status')}, ${sql.ref('t.type')}
             FROM ${sql.table('tickets')} t CROSS JOIN w
             CROSS JOIN LATERAL (SELECT tsvector_to_array(to_tsvector('english', ${sql.ref('t.subject')})) AS words) tw
             CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM unnest(tw.words) x WHERE x = ANY (w.words)) o
            WHERE ${sql.ref('t.accountId')} = ${user.accountId} AND ${sql.ref('t.status')} <> 'closed' AND ${sql.ref('t.type')} <> 'log' AND cardinality(w.words) > 0
              AND o.n > 0 AND o.n >= ceil(0.6 * least(cardinality(w.words), cardinality(tw.words)))
            ORDER BY o.n DESC, ${sql.ref('t.number')} DESC LIMIT 5`.execute(queryBuilder(ctx.db))
        ).rows,
      }),
    }),
  ];
}
