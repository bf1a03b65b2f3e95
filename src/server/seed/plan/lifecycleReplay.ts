/**
 * A planned ticket's timeline run through the shared state machine: the seed says what
 * happened when, `decide()` says what the ticket became, exactly as the server would have
 * decided it live. A step the machine refuses is a bug in the planner, not data to write.
 */
import { type TicketAction, type TicketState, decide } from '../../../shared/tickets/lifecycle';
import { settings } from '../units';

export interface TimedAction {
  at: number;
  action: TicketAction;
}

export interface Replayed {
  state: TicketState;
  /** When the first close charged the ticket (its ledger entry's time); null if never closed. */
  chargedAt: number | null;
}

/** Applies the actions in time order (stable, so same-time steps keep their planned order). */
export function replayTimeline(initial: TicketState, actions: readonly TimedAction[]): Replayed {
  const ordered = actions.map((a, i) => [a, i] as const).sort(([x, i], [y, j]) => x.at - y.at || i - j);
  let s = initial;
  let chargedAt: number | null = null;
  for (const [{ at, action }] of ordered) {
    const d = decide(s, action, at, settings);
    if (!d.ok) throw new Error(`seed: the life cycle refuses ${action.type} at ${new Date(at).toISOString()} (${s.status}): ${d.reason}`);
    if (s.chargedPoints === null && d.next.chargedPoints !== null) chargedAt = at;
    s = d.next;
  }
  return { state: s, chargedAt };
}
