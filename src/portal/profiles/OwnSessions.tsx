/**
 * "Your sessions" in Edit self-profile: every browser signed in as this user (where from, with
 * what, when last used), ending one, and "Sign out everywhere" (this browser too).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OwnSession } from '../../shared/api/signInSecurity';
import { api, errorText } from '../api/portalClient';
import { useSession } from '../api/session';
import { Notice } from '../shell/Page';
import { SessionsTable } from '../../shared/ui/signInSecurity/SessionsTable';

const sessionsKey = ['auth', 'sessions'] as const;

export function OwnSessions() {
  const queryClient = useQueryClient();
  const { reload } = useSession();
  const sessions = useQuery({ queryKey: sessionsKey, queryFn: () => api<{ sessions: OwnSession[] }>('GET', '/api/auth/sessions') });
  const end = useMutation({
    mutationFn: (id: number) => api('DELETE', `/api/auth/sessions/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
  const everywhere = useMutation({
    mutationFn: () => api('POST', '/api/auth/sessions/sign-out-everywhere'),
    // This browser's session ended too: the portal goes back to its sign-in.
    onSuccess: () => reload(),
  });
  const failure = end.error ?? everywhere.error;
  return (
    <section aria-labelledby="own-sessions" className="form">
      <h3 id="own-sessions">Your sessions</h3>
      <p>Every browser signed in as you. End any you do not recognise, then change your password.</p>
      {sessions.isError ? <Notice tone="error">{errorText(sessions.error)}</Notice> : null}
      {failure ? <Notice tone="error">{errorText(failure)}</Notice> : null}
      {sessions.data ? (
        <div className="table-wrap">
          <SessionsTable sessions={sessions.data.sessions} currentLabel="this browser" onEnd={(id) => end.mutate(id)} ending={end.isPending} />
        </div>
      ) : null}
      <button type="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
        End every session (this one too)
      </button>
    </section>
  );
}
