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
  await queryBuilder(tx)
    .selectFrom('tickets')
    .select((eb) => {
      const payload = {
        kind: eb.cast<string>(eb.val(kind), 'text'), ticketId: eb.ref('id'), number: eb.ref('number'), subject: eb.ref('subject'),
        departmentId: eb.ref('departmentId'), assigneeId: eb.ref('assigneeId'),
      } satisfies Record<keyof NotificationPayload, unknown>;
      const json = eb.fn('json_build_object', Object.entries(payload).flatMap(([key, value]) => [sql.lit(key), value]));
      return eb.fn('pg_notify', [eb.val(notificationsChannel), eb.cast(json, 'text')]).as('notified');
    })
    .where('id', '=', ticketId)
    .execute();
}
