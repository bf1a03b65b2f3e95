/** Who else is on this ticket right now, said plainly; someone replying is called out. */
import type { PresenceInfo } from '../../shared/console/schemas';

export function PresenceBar({ presence }: { presence: PresenceInfo[] }) {
  if (!presence.length) return null;
  const replying = presence.filter((p) => p.activity === 'replying');
  const viewing = presence.filter((p) => p.activity === 'viewing');
  const names = (ps: PresenceInfo[]) => ps.map((p) => p.userName).join(', ');
  return (
    <div className={`presence ${replying.length ? 'presence-replying' : ''}`} role="status" aria-live="polite">
      {replying.length > 0 && (
        <p>
          <strong>
            {names(replying)} {replying.length === 1 ? 'is' : 'are'} writing a reply to this ticket.
          </strong>
        </p>
      )}
      {viewing.length > 0 && (
        <p>
          {names(viewing)} {viewing.length === 1 ? 'is' : 'are'} also viewing this ticket.
        </p>
      )}
    </div>
  );
}
