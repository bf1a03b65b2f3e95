/**
 * Live updates while signed in: one EventSource on /api/customer/tickets/events (same origin, the
 * session cookie). Each `ticket` event invalidates that ticket's queries and every ticket list
 * (query keys starting with 'tickets' whose second part is not another ticket's number), so an
 * open page shows a staff reply within a moment, without reload. After a reconnect (the
 * stream may have missed events meanwhile) and at its first start every ticket query is
 * refreshed: a change committed between the page's first read and the stream's start is
 * then not lost.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { CustomerStreamEvent } from '../../shared/api/customerTicketEvents';
import { parseStreamEvent } from '../../shared/sync/streamEvents';

export function useLiveTickets(signedIn: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!signedIn || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/customer/tickets/events');
    // At each (re)connect: what changed before the stream's start (while the page was loading
    // or the stream was down) was told to no stream, so the ticket queries are read again.
    source.addEventListener('ready', () => void queryClient.invalidateQueries({ queryKey: ['tickets'] }));
    source.addEventListener('ticket', (e) => {
      const event = parseStreamEvent(CustomerStreamEvent, 'ticket', (e as MessageEvent<string>).data);
      if (event?.event !== 'ticket') return;
      const { number } = event.data;
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'tickets' && (typeof q.queryKey[1] !== 'number' || q.queryKey[1] === number),
      });
    });
    // The session ended under the stream: stop; the next request of the page asks to sign in.
    source.addEventListener('signed-out', () => source.close());
    return () => source.close();
  }, [signedIn, queryClient]);
}
