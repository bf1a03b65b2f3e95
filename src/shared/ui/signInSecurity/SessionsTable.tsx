/**
 * The user's own sessions as a table, for the portal's Edit self-profile and the console's
 * Security screen alike: device, address, when signed in and last used, and an End button for
 * every session but the current one. Everything shown is text (the user agent included).
 */
import type { OwnSession } from '../../api/signInSecurity';

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());

export function SessionsTable({ sessions, currentLabel, onEnd, ending }: { sessions: OwnSession[]; currentLabel: string; onEnd: (id: number) => void; ending: boolean }) {
  return (
    <table aria-label="Your sessions">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Address</th>
          <th scope="col">Signed in</th>
          <th scope="col">Last used</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id}>
            <td>
              {s.userAgent || 'Unknown'}
              {s.current ? ` (${currentLabel})` : ''}
            </td>
            <td>{s.ip}</td>
            <td>{when(s.createdAt)}</td>
            <td>{when(s.lastSeenAt)}</td>
            <td>
              {!s.current && (
                <button type="button" onClick={() => onEnd(s.id)} disabled={ending} aria-label={`End the session signed in ${when(s.createdAt)} from ${s.ip}`}>
                  End
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
