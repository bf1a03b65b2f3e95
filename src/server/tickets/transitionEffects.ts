/**
 * What a ticket transition sets off beyond its row, in the same transaction: the customer's
 * pre-closed and closed emails (DOMAIN.md Notifications) and the HotRush call-out to the
 * consoles. A merged-away ticket gets no "closed" email: its conversation lives on in the target.
 */
import { chargeFor, type TicketState } from '../../shared/tickets/lifecycle';
import { emailClosed, emailPreClosed } from '../email/ticketEmails';
import { notifyConsoles } from '../sync/consoleNotifications';
import type { LifecycleSettings } from '../../shared/domain/model';
import type { ChangeWriter } from '../sync/changeLog';
import type { TicketRow } from './ticketStore';

/** What a transition needs besides the ticket; `actorId` null for the scheduler. */
export interface TransitionEnv {
  w: ChangeWriter;
  settings: LifecycleSettings;
  publicUrl: string;
  actorId: number | null;
}

export async function announceTransition(env: TransitionEnv, before: TicketRow, next: TicketState, charge: number): Promise<void> {
  // saveTicket bumped the version by one: the event key names the ticket's state it announces.
  const version = before.version + 1;
  if (next.status === 'pre_closed' && before.status !== 'pre_closed') {
    // A ticket charged at an earlier close costs nothing more (DOMAIN.md: charge once).
    const cost = next.chargedPoints === null ? chargeFor(next, env.settings) : 0;
    await emailPreClosed(env.w, env.publicUrl, before.id, version, { cost, closesAfterMs: env.settings.closeAfterMs });
  }
  if (next.status === 'closed' && before.status !== 'closed' && next.mergedIntoId === null) {
    await emailClosed(env.w, env.publicUrl, before.id, version, { charged: charge, reopenWindowMs: env.settings.reopenWindowMs });
  }
  if (next.hotRush && !before.hotRush && next.status !== 'closed') await notifyConsoles(env.w, 'hotrush', before.id);
}
