/** The file area's reads as React Query hooks keyed by operation (queryKeys.ts refetches them when main says they changed). */
import { useQuery } from '@tanstack/react-query';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';

export const useFileTree = () => useQuery({ queryKey: queryKey('files.tree'), queryFn: () => consoleClient().files.tree() });

export function useUploads(ticketId?: number) {
  const input = ticketId === undefined ? {} : { ticketId };
  return useQuery({ queryKey: queryKey('files.uploads', input), queryFn: () => consoleClient().files.uploads(input) });
}

export function useAccountFileView(accountId: number) {
  const input = { accountId };
  return useQuery({ queryKey: queryKey('files.accountView', input), queryFn: () => consoleClient().files.accountView(input) });
}
