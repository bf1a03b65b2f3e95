/**
 * Tells other consoles that this user is viewing (or replying to) the open ticket, again every
 * little while since the server forgets silent viewers, and that they left when the ticket
 * closes. Best effort: offline it simply does not reach anyone.
 */
import { useEffect } from 'react';
import type { PresenceInfo } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';

/** Below the 90 s after which consoles forget a viewer (presenceBoard.ts). */
const heartbeatMs = 45_000;

export function usePresence(ticketId: number, replying: boolean): void {
  const activity = replying ? 'replying' : 'viewing';
  useEffect(() => {
    const say = (a: PresenceInfo['activity']) => void consoleClient().presence.set({ ticketId, activity: a }).catch(() => undefined);
    say(activity);
    const timer = setInterval(() => say(activity), heartbeatMs);
    return () => clearInterval(timer);
  }, [ticketId, activity]);
  useEffect(() => () => void consoleClient().presence.set({ ticketId, activity: 'left' }).catch(() => undefined), [ticketId]);
}
