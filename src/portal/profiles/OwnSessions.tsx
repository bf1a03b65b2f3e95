/**
 * "Your sessions" in Edit self-profile: every browser signed in as this user (where from, with
 * what, when last used), ending one, and "Sign out everywhere" (this browser too).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OwnSession } from '../../shared/api/signInSecurity';
import { api, errorText } from '../api/portalClient';
import { useSession } from '../api/session';
import { Notice } from '../shell/Page';

const sessionsKey = ['auth', 'sessions'] as const;
const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());

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
        <table aria-label="Your sessions">
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">End</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.userAgent || 'Unknown'}{s.current ? ' (this browser)' : ''}</td>
                <td>{s.ip}</td>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.lastSeenAt)}</td>
                <td>
                  {s.current ? null : (
                    <button type="button" onClick={() => end.mutate(s.id)} disabled={end.isPending} aria-label={`End the session of ${s.userAgent || 'an unknown browser'} signed in ${when(s.createdAt)}`}>
                      End
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      ) : null}
      <button type="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
        End every session (this one too)
      </button>
    </section>
  );
}
