/**
 * The Communication center's index ("Communication index" in the help page): the account's
 * tickets newest first, with filters and a search box kept in the URL query (so reload, back
 * and a shared link keep them), and "Load more" for the next page. The Projects and
 * Complaints sections are the same list fixed to one type.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'wouter';
import type { ListTicketsResponse } from '../../shared/api/customerTicketIndex';
import { Highlighted } from '../../shared/ui/safeText/Highlighted';
import { api, errorText } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';
import { closeChargeText, priorities, priorityLabels, statuses, statusLabels, typeLabels } from './ticketListLabels';
import './ticketList.css';
import { TableWrap } from '../shell/TableWrap';

type FixedType = 'project' | 'complaint';
const titles: Record<FixedType, string> = { project: 'Projects', complaint: 'Complaints' };
const filterTypes = ['tech', 'sales', 'project', 'complaint', 'log'] as const;
const filterKeys = ['status', 'type', 'priority', 'hotRush', 'q'] as const;
const pageSize = 25;
const hitLabels = { subject: 'Found in the subject: ', message: 'Found in a message: ', number: 'Ticket number: ' } as const;

const dateText = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TicketIndexPage({ type }: { type?: FixedType }) {
  const [params, setParams] = useSearchParams();
  const filters: Record<string, string> = {};
  for (const k of filterKeys) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  if (type) filters.type = type;
  const [draft, setDraft] = useState(filters.q ?? '');
  useEffect(() => setDraft(filters.q ?? ''), [filters.q]);
  const ids = { status: useId(), type: useId(), priority: useId(), hotRush: useId(), q: useId() };

  const setFilter = (key: (typeof filterKeys)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const query = useInfiniteQuery({
    queryKey: ['tickets', 'index', filters],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ ...filters, limit: String(pageSize) });
      if (pageParam) q.set('before', String(pageParam));
      return api<ListTicketsResponse>('GET', `/api/customer/tickets?${q}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
  const tickets = query.data?.pages.flatMap((p) => p.tickets) ?? [];
  const title = type ? titles[type] : 'Communication center';
  const filtered = Object.keys(filters).some((k) => k !== 'type' || !type);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', draft.trim());
  };

  return (
    <Page
      title={title}
      actions={
        <Link href={type ? `/tickets/new?type=${type}` : '/tickets/new'} className="button-link primary">
          Create a new ticket
        </Link>
      }
    >
      <form role="search" aria-label="Search tickets" className="ticket-search" onSubmit={search}>
        <label htmlFor={ids.q}>Search</label>
        <div className="ticket-search-row">
          <input id={ids.q} type="search" value={draft} maxLength={500} onChange={(e) => setDraft(e.target.value)} placeholder="Words in subjects and messages, or a ticket number" />
          <button type="submit">Search</button>
        </div>
      </form>
      <div className="ticket-filters" role="group" aria-label="Filters">
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        {type ? null : (
          <div className="field">
            <label htmlFor={ids.type}>Type</label>
            <select id={ids.type} value={filters.type ?? ''} onChange={(e) => setFilter('type', e.target.value)}>
              <option value="">All types</option>
              {filterTypes.map((t) => (
                <option key={t} value={t}>
                  {typeLabels[t]}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.priority}>Priority</label>
          <select id={ids.priority} value={filters.priority ?? ''} onChange={(e) => setFilter('priority', e.target.value)}>
            <option value="">All priorities</option>
            {priorities.map((p) => (
              <option key={p} value={p}>
                {priorityLabels[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.hotRush}>HotRush</label>
          <select id={ids.hotRush} value={filters.hotRush ?? ''} onChange={(e) => setFilter('hotRush', e.target.value)}>
            <option value="">HotRush or not</option>
            <option value="true">HotRush only</option>
            <option value="false">Without HotRush</option>
          </select>
        </div>
        {filtered ? (
          <button type="button" className="link-button" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </button>
        ) : null}
      </div>

      {query.isPending ? <Notice>Loading your tickets…</Notice> : null}
      {query.isError ? <Notice tone="error">{errorText(query.error)}</Notice> : null}
      {query.isSuccess && tickets.length === 0 ? (
        <Notice>{filters.q ? `No ticket matches “${filters.q}”.` : filtered ? 'No ticket matches these filters.' : 'There are no tickets yet.'}</Notice>
      ) : null}
      {tickets.length ? (
        <TableWrap label="Tickets">
          <table className="ticket-table">
            <caption className="sr-only">{filters.q ? `Tickets matching “${filters.q}”, newest first` : 'Tickets, newest first'}</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Subject</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Priority</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((t) => (
                <tr key={t.number}>
                  <td>
                    <Link href={`/tickets/${t.number}`}>#{t.number}</Link>
                  </td>
                  <td>
                    <Link href={`/tickets/${t.number}`} className="ticket-subject">
                      {t.subject}
                    </Link>
                    {t.hotRush ? (
                      <>
                        {' '}
                        <span className="badge badge-hot">HotRush</span>
                      </>
                    ) : null}
                    {t.hit ? (
                      <div className="ticket-hit">
                        <span className="muted">{hitLabels[t.hit.in]}</span>
                        <Highlighted parts={t.hit.snippet} />
                      </div>
                    ) : null}
                  </td>
                  <td>{typeLabels[t.type]}</td>
                  <td>
                    <span className={t.status === 'pre_closed' ? 'status-pre-closed' : undefined}>{statusLabels[t.status]}</span>
                    {t.status === 'pre_closed' && t.closeCharge !== null ? <div className="cost-notice">{closeChargeText(t.closeCharge)}</div> : null}
                  </td>
                  <td>{priorityLabels[t.priority]}</td>
                  <td>{dateText(t.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {query.hasNextPage ? (
        <p>
          <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </p>
      ) : null}
    </Page>
  );
}
