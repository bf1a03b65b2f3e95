/**
 * Breach and HotRush call-outs for the staff consoles. They travel by NOTIFY so every server
 * process relays them to its SSE listeners; sent inside the event's transaction, a NOTIFY is
 * delivered at commit, so a rolled-back event tells nobody.
 */
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import type { TicketNotification } from '../../shared/sync/protocol';

export const notificationsChannel = 'sb_notifications';

/** What the channel carries: the event, and who may see the ticket (not sent to consoles). */
export interface NotificationPayload extends TicketNotification {
  departmentId: number | null;
  assigneeId: number | null;
}

export async function notifyConsoles(tx: Queryable, kind: TicketNotification['kind'], ticketId: number): Promise<void> {
  await sql`SELECT pg_notify(${notificationsChannel}, json_build_object('kind', ${kind}::text, 'ticketId', id, 'number', number, 'subject', subject,
                                                               'departmentId', department_id, 'assigneeId', assignee_id)::text)
              FROM tickets WHERE id = ${ticketId}`.execute(queryBuilder(tx));
}
