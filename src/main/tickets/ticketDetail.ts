/** One ticket as the ticket view shows it: its row, names around it, and its conversation in time order. */
import type { CacheReader } from '../cache/cacheDatabase';
import { cacheRowToPayload, columnList, entityTables } from '../cache/entityTables';

export interface TicketMessage {
  id: number;
  kind: 'customer' | 'staff' | 'note';
  body: string;
  authorUserId: number | null;
  authorName: string | null;
  createdAt: number;
  clientRef: string | null;
  movedFromTicketId: number | null;
  /** web or email: how the message reached the helpdesk. */
  via: string;
  /** Written here and not yet confirmed by the server. */
  pending: boolean;
}

export interface TicketAttachment {
  id: number;
  messageId: number | null;
  fileName: string;
  size: number;
  sha256: string;
}

export interface TicketDetail {
  /** The ticket in wire shape (camelCase fields of the sync payload). */
  ticket: Record<string, unknown>;
  company: string | null;
  departmentName: string | null;
  assigneeName: string | null;
  /** The ticket row shows a local change the server has not confirmed yet. */
  pending: boolean;
  /** When the ticket's charge was booked (its ledger entry), if this user's cache holds it. */
  chargedAt: number | null;
  messages: TicketMessage[];
  attachments: TicketAttachment[];
  /** Tickets split out of this one (the other way of the link a split ticket has). */
  splitInto: Array<{ id: number; number: number }>;
}

const ticketTable = entityTables.ticket;
const ticketSql = `SELECT ${columnList(ticketTable)},
    (SELECT company FROM accounts a WHERE a.id = tickets.account_id) AS _company,
    (SELECT name FROM departments d WHERE d.id = tickets.department_id) AS _department,
    (SELECT name FROM users u WHERE u.id = tickets.assignee_id) AS _assignee,
    EXISTS (SELECT 1 FROM pending_effects p WHERE p.entity = 'ticket' AND p.entity_id = tickets.id) AS _pending,
    (SELECT l.created_at FROM ledger_entries l WHERE l.account_id = tickets.account_id AND l.ticket_id = tickets.id AND l.kind = 'ticket_charge') AS _chargedAt
  FROM tickets WHERE id = ?`;

// Pending messages go last, in the order written, like an unsent chat message: the server
// will stamp them later than anything already there, whatever this machine's clock says.
// Two ranges of the same index (server ids are positive, pending ones negative) keep both
// parts in index order, with no sort.
const messagesSql = `SELECT m.id, m.kind, m.body, m.author_user_id AS authorUserId, u.name AS authorName, m.created_at AS createdAt,
    m.client_ref AS clientRef, m.moved_from_ticket_id AS movedFromTicketId, m.via
  FROM messages m LEFT JOIN users u ON u.id = m.author_user_id
  WHERE m.ticket_id = ? AND (m.id > 0) = ? ORDER BY m.created_at, m.id`;

const splitIntoSql = 'SELECT id, number FROM tickets WHERE split_from_id = ? ORDER BY id';

const attachmentsSql = `SELECT id, message_id AS messageId, file_name AS fileName, size, sha256 FROM attachments WHERE ticket_id = ? ORDER BY id`;

export function ticketDetail(r: CacheReader, ticketId: number): TicketDetail | null {
  const row = r.statement(ticketSql).get(ticketId) as
    | (Record<string, unknown> & { _company: string | null; _department: string | null; _assignee: string | null; _pending: number; _chargedAt: number | null })
    | undefined;
  if (!row) return null;
  const messages = r.statement(messagesSql).all(ticketId, 1) as TicketMessage[];
  for (const m of messages) m.pending = false;
  const pending = r.statement(messagesSql).all(ticketId, 0) as TicketMessage[];
  for (const m of pending) {
    m.pending = true;
    messages.push(m);
  }
  return {
    ticket: cacheRowToPayload(ticketTable, row),
    company: row._company,
    departmentName: row._department,
    assigneeName: row._assignee,
    pending: row._pending === 1,
    chargedAt: row._chargedAt,
    messages,
    attachments: r.statement(attachmentsSql).all(ticketId) as TicketAttachment[],
    splitInto: r.statement(splitIntoSql).all(ticketId) as Array<{ id: number; number: number }>,
  };
}

/** Looks a ticket up by its human number (#104233), for deep links. */
export function ticketIdByNumber(r: CacheReader, number: number): number | null {
  const row = r.statement('SELECT id FROM tickets WHERE number = ?').get(number) as { id: number } | undefined;
  return row?.id ?? null;
}
