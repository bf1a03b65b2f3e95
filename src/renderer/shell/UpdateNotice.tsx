/**
 * The console's own update in the status bar, from main's `updateStatus` event (Electron only;
 * the web host never sends it): downloading with progress, or ready to install on restart.
 * The contract has no operation to install: the Electron shell itself asks "Later / Restart
 * now" when the download is done, and a downloaded update installs when the user quits.
 */
import { create } from 'zustand';
import type { UpdateStatus } from '../../shared/console/schemas';
import { assertNever } from '../../shared/assertNever';

/** The last status main sent; null until it sends one (always, in a browser). */
export const useUpdateStatus = create<{ status: UpdateStatus | null }>()(() => ({ status: null }));

/** What the status bar says, or null when there is nothing worth a glance (idle, checking, up to date). */
export function updateStatusText(s: UpdateStatus | null): { text: string; tone: 'info' | 'ready' | 'error' } | null {
  if (!s) return null;
  switch (s.phase) {
    case 'idle':
    case 'checking':
    case 'upToDate':
      return null;
    case 'downloading':
      return { text: `Update ${s.version} downloading ${Math.round(s.percent)}%`, tone: 'info' };
    case 'ready':
      return { text: `Update ${s.version} ready — restart to install`, tone: 'ready' };
    case 'error':
      return { text: `Update failed: ${s.message}`, tone: 'error' };
    default:
      return assertNever(s, 'update status');
  }
}

export function UpdateNotice() {
  const shown = updateStatusText(useUpdateStatus((u) => u.status));
  if (!shown) return null;
  return (
    <span role="status" className={`update-notice update-${shown.tone}`} title={shown.text}>
      {shown.text}
    </span>
  );
}
