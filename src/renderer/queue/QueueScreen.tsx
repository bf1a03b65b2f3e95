/**
 * A plain queue screen: the views with their counts, the chosen view's tickets, and the sync
 * status. Customer text (subjects, company names) is rendered as React text, never as HTML.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionInfo, SyncStatus } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';

function StatusLine({ status }: { status: SyncStatus | undefined }) {
  if (!status) return null;
  const parts = [status.online ? 'Online' : 'Offline'];
  if (status.progress) parts.push(`First sync: ${status.progress.rowsDone} of ${status.progress.total} rows (${Math.floor(status.progress.percent)}%)`);
  if (status.outboxCount) parts.push(`${status.outboxCount} change${status.outboxCount === 1 ? '' : 's'} waiting to send`);
  if (status.lastSyncAt) parts.push(`last sync ${new Date(status.lastSyncAt).toLocaleTimeString()}`);
  return (
    <footer className="status" role="status">
      {parts.join(' · ')}
      {status.lastError && <span className="error"> · {status.lastError}</span>}
    </footer>
  );
}

export function QueueScreen({ session }: { session: SessionInfo }) {
  const api = consoleClient();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string | null>(null);
  const views = useQuery({ queryKey: ['queue.views'], queryFn: () => api.queue.views() });
  const status = useQuery({ queryKey: ['sync.status'], queryFn: () => api.sync.status() });
  const view = chosen ?? views.data?.[0]?.id ?? null;
  const list = useQuery({ queryKey: ['queue.list', view], queryFn: () => api.queue.list({ view: view!, limit: 200 }), enabled: view !== null });
  const signOut = useMutation({ mutationFn: () => api.auth.signOut(), onSuccess: () => queryClient.setQueryData(['auth.session'], null) });
  const title = views.data?.find((v) => v.id === view)?.label ?? 'Queue';
  return (
    <div className="queue-screen">
      <header>
        <strong>Switchboard</strong>
        <span>
          {session.user.name} ({session.user.email}) at {session.serverUrl}
        </span>
        <button type="button" onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Queues">
        <ul>
          {views.data?.map((v) => (
            <li key={v.id}>
              <button type="button" aria-current={v.id === view} onClick={() => setChosen(v.id)}>
                {v.label} <span className="count">{v.count}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        <h1>{title}</h1>
        {list.isError && <p role="alert">{list.error.message}</p>}
        {list.data && list.data.items.length === 0 && <p>No tickets here.</p>}
        <ol className="tickets" aria-label={title}>
          {list.data?.items.map((t) => (
            <li key={t.id} className={t.pending ? 'pending' : undefined}>
              <span className="hot">{t.hotRush ? 'HotRush' : ''}</span>
              <span className="number">#{t.number}</span>
              <span className="subject">{t.subject}</span>
              <span className="company">{t.company ?? ''}</span>
              <span className="meta">
                {t.priority} · {t.status}
              </span>
            </li>
          ))}
        </ol>
      </main>
      <StatusLine status={status.data} />
    </div>
  );
}
