/**
 * Sign in, the first sync's progress, then the console. A saved session opens straight from
 * the cache (also offline); only a first (or fresh) download shows the progress screen.
 */
import { useEffect } from 'react';
import { useSession, useSyncStatus } from './api/reads';
import { useConsoleEvents } from './api/useConsoleEvents';
import { AppShell } from './shell/AppShell';
import { FirstSyncProgress } from './signIn/FirstSyncProgress';
import { SignInForm } from './signIn/SignInForm';
import { useUi } from './shell/uiStore';

export function App() {
  useConsoleEvents();
  const session = useSession();
  const status = useSyncStatus();
  const firstSyncPending = useUi((s) => s.firstSyncPending);
  const caughtUp = status.data?.lastSyncAt != null;
  useEffect(() => {
    if (firstSyncPending && caughtUp) useUi.setState({ firstSyncPending: false });
  }, [firstSyncPending, caughtUp]);
  // Another user (or nobody) now: their screens and selection are not this user's.
  const userKey = session.data ? `${session.data.serverUrl}|${session.data.user.id}` : null;
  useEffect(() => useUi.getState().reset(), [userKey]);
  if (session.isPending) return <p className="loading">Loading…</p>;
  if (session.isError) return <p role="alert">{session.error.message}</p>;
  if (!session.data) return <SignInForm notice={status.data?.lastError ?? null} />;
  // Just signed in: wait for the download rather than show empty queues that fill a moment later.
  if (status.data && (status.data.progress || (firstSyncPending && !caughtUp))) return <FirstSyncProgress status={status.data} />;
  return <AppShell session={session.data} />;
}
