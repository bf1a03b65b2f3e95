/**
 * Main's push events keep React Query current: changed entities invalidate the reads that
 * show them (gathered over a short moment, since a sync applies many batches in a row and each
 * refetch is a round trip), the sync status replaces its query's data, notifications
 * and deep links go to the UI store, and the console's update status to the status bar.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MutationName } from '../../shared/sync/protocol';
import { useUi } from '../shell/uiStore';
import { useUpdateStatus } from '../shell/UpdateNotice';
import { consoleClient } from './consoleClient';
import { isStale, queryKey, type ChangeBatch } from './queryKeys';
import { actionLabels } from './useTicketAction';

const gatherMs = 60;

/** Main names the refused operation; people read its label. */
function refusalTitle(mutation: MutationName, ticketNumber: number | null): string {
  return `${actionLabels[mutation]}${ticketNumber !== null ? ` on #${ticketNumber}` : ''} was refused`;
}

export function useConsoleEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const api = consoleClient();
    let batch: ChangeBatch | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const b = batch;
      batch = null;
      if (b) void queryClient.invalidateQueries({ predicate: (q) => isStale(q, b) });
    };
    const offs = [
      api.on('entitiesChanged', (e) => {
        batch ??= { everything: false, entities: new Set(), ticketIds: new Set() };
        if (e.entities.length === 0) batch.everything = true;
        for (const entity of e.entities) batch.entities.add(entity);
        for (const id of e.ticketIds) batch.ticketIds.add(id);
        timer ??= setTimeout(flush, gatherMs);
      }),
      api.on('syncStatus', (status) => {
        queryClient.setQueryData(queryKey('sync.status'), status);
        if (!status.signedIn) void queryClient.invalidateQueries({ queryKey: queryKey('auth.session') });
      }),
      api.on('notification', (n) => useUi.getState().notify({ kind: n.kind, title: n.kind === 'rejected' ? refusalTitle(n.mutation, n.ticketNumber) : n.title, body: n.body, ticketId: n.ticketId })),
      api.on('updateStatus', (status) => useUpdateStatus.setState({ status })),
      api.on('deepLink', (link) => {
        if (link.ticketId !== null) useUi.getState().openTicket(link.ticketId);
        else void api.ticket.byNumber({ number: link.ticketNumber }).then((t) => t && useUi.getState().openTicket(t.id));
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, [queryClient]);
}
