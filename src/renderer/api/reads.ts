/**
 * The console API reads the screens share, as React Query hooks keyed by `[operation, input]`
 * (queryKeys.ts), so the same read is fetched once and refetched when main says it changed.
 */
import { useQuery } from '@tanstack/react-query';
import type { SessionInfo } from '../../shared/console/schemas';
import { mayTakeAction, type StaffAction } from '../../shared/tickets/permissions';
import { consoleClient } from './consoleClient';
import { queryKey } from './queryKeys';

const api = () => consoleClient();

export const useSession = () => useQuery({ queryKey: queryKey('auth.session'), queryFn: () => api().auth.session() });

export const useSyncStatus = () => useQuery({ queryKey: queryKey('sync.status'), queryFn: () => api().sync.status() });

export const useDirectory = () => useQuery({ queryKey: queryKey('directory.get'), queryFn: () => api().directory.get() });

export const useViews = () => useQuery({ queryKey: queryKey('queue.views'), queryFn: () => api().queue.views() });

export const useFailures = () => useQuery({ queryKey: queryKey('outbox.failures'), queryFn: () => api().outbox.failures() });

export function useTicketDetail(ticketId: number) {
  const input = { ticketId };
  return useQuery({ queryKey: queryKey('ticket.detail', input), queryFn: () => api().ticket.detail(input) });
}

export function useAccountPage(accountId: number | null) {
  const input = { accountId: accountId ?? 0 };
  return useQuery({ queryKey: queryKey('account.page', input), queryFn: () => api().account.page(input), enabled: accountId !== null });
}

/** The signed-in user (the shell renders only with a session, so it is there). */
export function useMe(): SessionInfo['user'] {
  const session = useSession().data;
  if (!session) throw new Error('useMe outside a signed-in shell');
  return session.user;
}

/** Whether the signed-in role may take a ticket action: the console hides what it may not (the server still decides). */
export function useMay(): (action: StaffAction) => boolean {
  const me = useMe();
  return (action) => mayTakeAction(me.role, action);
}

/** Staff names by id, for columns and messages. */
export function useStaffNames(): (id: number | null) => string {
  const dir = useDirectory().data;
  return (id) => {
    if (id === null) return '';
    return dir?.staff.find((s) => s.id === id)?.name ?? `#${id}`;
  };
}

export function useDepartmentNames(): (id: number | null) => string {
  const dir = useDirectory().data;
  return (id) => {
    if (id === null) return '';
    return dir?.departments.find((d) => d.id === id)?.name ?? `#${id}`;
  };
}
