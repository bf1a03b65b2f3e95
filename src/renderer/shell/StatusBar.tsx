/**
 * Online or offline, the last time the cache caught up, changes waiting to be sent, refused
 * actions (with their reasons, a retry and a dismiss) and the last sync error; "Sync now";
 * the console's own update while it downloads or waits for a restart.
 */
import { useState } from 'react';
import { consoleClient } from '../api/consoleClient';
import { useFailures, useSyncStatus } from '../api/reads';
import { FailedActions } from '../ticket/FailedActions';
import { formatAgo } from './timeText';
import { useNow } from './useNow';
import { themeLabels, useTheme } from './theme';
import { useUi } from './uiStore';
import { UpdateNotice } from './UpdateNotice';

export function StatusBar() {
  const status = useSyncStatus().data;
  const failures = useFailures();
  const now = useNow();
  const [showFailures, setShowFailures] = useState(false);
  const theme = useTheme();
  const setOverlay = useUi((s) => s.setOverlay);
  // A footer button keeps no focus: the keyboard goes back to the queue (Enter opens the ticket under the cursor).
  const backToWork = () => useUi.getState().requestFocus('queue');
  if (!status) return null;
  const refused = failures.data ?? [];
  return (
    <footer className="status-bar" aria-label="Sync status">
      <span role="status" className={status.online ? 'online' : 'offline'}>
        <span className="dot" aria-hidden="true" /> {status.online ? 'Online' : 'Offline: working from this computer’s copy'}
      </span>
      <span>{status.lastSyncAt ? `Last sync ${formatAgo(status.lastSyncAt, Math.max(now, status.lastSyncAt))}` : 'No sync yet since start'}</span>
      <span className={status.outboxCount ? 'waiting' : undefined}>
        {status.outboxCount ? `${status.outboxCount} change${status.outboxCount === 1 ? '' : 's'} waiting to send` : 'All changes sent'}
      </span>
      {status.rejectedCount > 0 && (
        <button type="button" className="refused" aria-expanded={showFailures} onClick={() => setShowFailures((s) => !s)}>
          {status.rejectedCount} refused
        </button>
      )}
      {status.lastError && (
        <span className="error" title={status.lastError}>
          {status.lastError}
        </span>
      )}
      <UpdateNotice />
      <span className="status-spacer" />
      <button type="button" onClick={() => (void consoleClient().sync.now(), backToWork())}>
        Sync now
      </button>
      <button type="button" onClick={() => (theme.cycle(), backToWork())} aria-label={`${themeLabels[theme.theme]}; switch theme`}>
        {themeLabels[theme.theme]}
      </button>
      <button type="button" aria-label="Keyboard shortcuts" onClick={() => setOverlay('help')}>
        ?
      </button>
      {showFailures && refused.length > 0 && (
        <div className="status-popover">
          <FailedActions failures={refused} showTicket />
        </div>
      )}
    </footer>
  );
}
