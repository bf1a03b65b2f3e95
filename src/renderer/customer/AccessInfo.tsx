/**
 * A ticket's access info (server logins the customer posted), fetched from the server only
 * when asked, shown until the ticket is left, and never kept: not in the query cache, not in
 * the local database. The server logs every reveal, and the button says so before the click.
 * The button shows only when the ticket has access info (the synced ticket's `hasAccessInfo`,
 * which turns true live when the customer posts some), or when that is not known yet (null).
 */
import { useEffect, useState } from 'react';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { consoleClient } from '../api/consoleClient';
import { useMay } from '../api/reads';
import { formatDateTime } from '../shell/timeText';

type Entries = Awaited<ReturnType<ReturnType<typeof consoleClient>['accessInfo']['reveal']>>['entries'];

export function AccessInfo({ ticketId, hasAccessInfo }: { ticketId: number; hasAccessInfo: boolean | null }) {
  const may = useMay();
  const [entries, setEntries] = useState<Entries | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setEntries(null);
    setError(null);
  }, [ticketId]);
  if (!may('reveal_access_info')) return null;

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      setEntries((await consoleClient().accessInfo.reveal({ ticketId })).entries);
    } catch (err) {
      const offline = err instanceof ConsoleCallError && err.code === 'server_unreachable';
      setError(offline ? 'Access info is kept only on the server: it can be revealed when the console is online.' : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="access-info" aria-labelledby="access-title">
      <h3 id="access-title">Access info</h3>
      {entries === null && hasAccessInfo === false ? (
        <p className="muted">No access info posted.</p>
      ) : entries === null ? (
        <>
          <p className="hint">Each reveal is written to the audit log with your name.</p>
          <button type="button" onClick={() => void reveal()} disabled={busy}>
            {busy ? 'Revealing…' : 'Reveal access info'}
          </button>
        </>
      ) : entries.length === 0 ? (
        <p>The customer has not posted access info for this ticket.</p>
      ) : (
        <>
          <p className="hint">Revealed; the reveal was logged. Hidden again when you leave the ticket.</p>
          {entries.map((e) => (
            <figure key={e.id}>
              <figcaption>{formatDateTime(e.createdAt)}</figcaption>
              <pre className="secret">{e.text}</pre>
            </figure>
          ))}
          <button type="button" onClick={() => setEntries(null)}>
            Hide
          </button>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
