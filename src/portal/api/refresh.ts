/** Refreshing the server's answers before the page that shows them opens. */
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Marks every answer under `queryKey` stale and waits until all of them, the ones no page
 * shows at the moment included, have been fetched again. A plain invalidate refetches only
 * the queries on screen; the page navigated to next would first render its cached answer
 * (a cancelled URL change still "pending") and only then the server's.
 */
export function refreshBeforeLeaving(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  return queryClient.invalidateQueries({ queryKey, refetchType: 'all' });
}
