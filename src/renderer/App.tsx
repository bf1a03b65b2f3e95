/**
 * The minimal console: sign in, then the queues. Proves the path renderer → console API →
 * cache/sync → server end to end; the full UI (issue 4) builds on the same client and events.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { consoleClient } from './api/consoleClient';
import { QueueScreen } from './queue/QueueScreen';
import { SignInForm } from './signIn/SignInForm';

/** Main's events keep the queries current: changed rows invalidate reads, status replaces the status query. */
function useConsoleEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const api = consoleClient();
    const offs = [
      api.on('entitiesChanged', () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth.session' })),
      api.on('syncStatus', (status) => {
        queryClient.setQueryData(['sync.status'], status);
        if (!status.signedIn) void queryClient.invalidateQueries({ queryKey: ['auth.session'] });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [queryClient]);
}

export function App() {
  useConsoleEvents();
  const session = useQuery({ queryKey: ['auth.session'], queryFn: () => consoleClient().auth.session() });
  if (session.isPending) return <p className="loading">Loading…</p>;
  if (session.isError) return <p role="alert">{session.error.message}</p>;
  return session.data ? <QueueScreen session={session.data} /> : <SignInForm />;
}
