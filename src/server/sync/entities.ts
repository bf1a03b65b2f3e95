/**
 * How each synced entity is read for the wire: its columns in camelCase (never a password
 * hash or access info) and the SQL expression of the scopes that receive it (SYNC.md).
 * The change log and the bootstrap both read through these, so a row always travels in
 * the same shape to the same people.
 */
import type { SyncEntity } from '../../shared/sync/protocol';

interface EntityDef {
  /** The wire columns, reading the entity's own row as `t`. */
  columns: string;
  /** `<table> t`. */
  from: string;
  /** SQL expression (on `t`) of the scopes that receive the row. */
  scopes: string;
  /**
   * Scopes that every row of the entity carries: a user holding one of them receives all the
   * rows, and the bootstrap reads them without working out each row's scopes (for messages
   * that is a lookup of the ticket per row, most of a page's time on the server).
   */
  everyRowIn: readonly string[];
}

const constantScopes = (scopes: readonly string[]) => ({ scopes: `ARRAY[${scopes.map((s) => `'${s}'`).join(', ')}]`, everyRowIn: scopes });

const ticketScopes = (alias: string) => `array_remove(ARRAY['tickets', 'dept:' || ${alias}.department_id, 'user:' || ${alias}.assignee_id], NULL)`;
const ticketRowScopes = { scopes: ticketScopes('t'), everyRowIn: ['tickets'] };
/**
 * A message or attachment has its ticket's scopes (its ticket always exists: a foreign key).
 * A correlated subquery rather than a join, so a page read (`ORDER BY id LIMIT n`) walks the
 * primary key and stops after n rows instead of hashing and sorting every remaining row.
 */
const ticketChildScopes = { scopes: `(SELECT ${ticketScopes('tk')} FROM tickets tk WHERE tk.id = t.ticket_id)`, everyRowIn: ['tickets'] };

const defs: Record<SyncEntity, EntityDef> = {
  department: {
    columns: `t.id, t.name, t.version`,
    from: 'departments t',
    ...constantScopes(['directory']),
  },
  user: {
    columns: `t.id, t.account_id AS "accountId", t.email, t.name, t.role, t.active, t.created_at AS "createdAt", t.version,
                coalesce(array(SELECT department_id FROM staff_departments sd WHERE sd.user_id = t.id ORDER BY 1), '{}') AS "departmentIds"`,
    from: 'users t',
    ...constantScopes(['directory']),
  },
  account: {
    columns: `t.id, t.company, t.contact_email AS "contactEmail", t.primary_user_id AS "primaryUserId",
                t.standing_adjustment AS "standingAdjustment", t.newsletter, t.created_at AS "createdAt", t.version,
                coalesce((SELECT sum(points) FROM ledger_entries l WHERE l.account_id = t.id), 0)::int AS "pointsBalance"`,
    from: 'accounts t',
    ...constantScopes(['directory']),
  },
  license: {
    columns: `t.id, t.key, t.product, t.kind, t.edition, t.product_version AS "productVersion", t.url, t.account_id AS "accountId",
                t.parent_license_id AS "parentLicenseId", t.status, t.certificate, t.created_at AS "createdAt",
                t.updated_at AS "updatedAt", t.version`,
    from: 'licenses t',
    ...constantScopes(['directory', 'billing']),
  },
  ledger_entry: {
    columns: `t.id, t.account_id AS "accountId", t.kind, t.points, t.reason, t.ticket_id AS "ticketId", t.license_id AS "licenseId",
                t.order_id AS "orderId", t.created_by AS "createdBy", t.created_at AS "createdAt", t.version`,
    from: 'ledger_entries t',
    ...constantScopes(['directory', 'billing']),
  },
  faq_article: {
    columns: `t.id, t.title, t.body, t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.version`,
    from: 'faq_articles t',
    ...constantScopes(['faq']),
  },
  file_folder: {
    columns: `t.id, t.parent_id AS "parentId", t.name, t.access, t.product, t.version`,
    from: 'file_folders t',
    ...constantScopes(['files']),
  },
  file: {
    columns: `t.id, t.folder_id AS "folderId", t.account_id AS "accountId", t.name, t.note, t.size, t.sha256, t.published,
                t.uploaded_by AS "uploadedBy", t.created_at AS "createdAt", t.version`,
    from: 'files t',
    ...constantScopes(['files']),
  },
  ticket: {
    columns: `t.id, t.number, t.account_id AS "accountId", t.author_user_id AS "authorUserId", t.type, t.subject,
                t.license_id AS "licenseId", t.product_version AS "productVersion", t.priority, t.hot_rush AS "hotRush", t.status,
                t.department_id AS "departmentId", t.assignee_id AS "assigneeId", t.cost, t.charged_points AS "chargedPoints",
                t.score, t.clock_started_at AS "clockStartedAt", t.due_at AS "dueAt", t.answered_at AS "answeredAt",
                t.pre_closed_at AS "preClosedAt", t.closed_at AS "closedAt", t.merged_into_id AS "mergedIntoId",
                t.follow_up_of_id AS "followUpOfId", t.split_from_id AS "splitFromId", t.created_at AS "createdAt",
                t.updated_at AS "updatedAt", t.version, t.breached_at AS "breachedAt"`,
    from: 'tickets t',
    ...ticketRowScopes,
  },
  message: {
    columns: `t.id, t.ticket_id AS "ticketId", t.author_user_id AS "authorUserId", t.kind, t.body,
                t.moved_from_ticket_id AS "movedFromTicketId", t.client_ref AS "clientRef", t.created_at AS "createdAt", t.version`,
    from: 'ticket_messages t',
    ...ticketChildScopes,
  },
  attachment: {
    columns: `t.id, t.ticket_id AS "ticketId", t.message_id AS "messageId", t.file_name AS "fileName", t.size, t.sha256,
                t.uploaded_by AS "uploadedBy", t.created_at AS "createdAt", t.version`,
    from: 'attachments t',
    ...ticketChildScopes,
  },
  invoice: {
    columns: `t.id, t.account_id AS "accountId", t.description, t.amount_cents AS "amountCents", t.currency, t.items, t.status,
                t.issued_at AS "issuedAt", t.paid_at AS "paidAt", t.version`,
    from: 'invoices t',
    ...constantScopes(['billing']),
  },
  order: {
    columns: `t.id, t.account_id AS "accountId", t.invoice_id AS "invoiceId", t.items, t.status, t.reject_reason AS "rejectReason",
                t.created_at AS "createdAt", t.decided_at AS "decidedAt", t.decided_by AS "decidedBy", t.version`,
    from: 'orders t',
    ...constantScopes(['billing']),
  },
  license_transfer: {
    columns: `t.id, t.license_id AS "licenseId", t.from_account_id AS "fromAccountId", t.to_account_id AS "toAccountId",
                t.target_email AS "targetEmail", t.target_company AS "targetCompany", t.target_url AS "targetUrl",
                t.target_license_key AS "targetLicenseKey", t.points, t.status, t.signature, t.reason, t.created_at AS "createdAt",
                t.decided_at AS "decidedAt", t.accepted_at AS "acceptedAt", t.version, t.new_license_id AS "newLicenseId", t.decided_by AS "decidedBy",
                t.target_contact_name AS "targetContactName"`,
    from: 'license_transfers t',
    ...constantScopes(['billing']),
  },
  url_change_request: {
    columns: `t.id, t.license_id AS "licenseId", t.account_id AS "accountId", t.old_url AS "oldUrl", t.new_url AS "newUrl",
                t.status, t.reason, t.removal_deadline AS "removalDeadline", t.created_at AS "createdAt",
                t.decided_at AS "decidedAt", t.version, t.decided_by AS "decidedBy"`,
    from: 'url_change_requests t',
    ...constantScopes(['billing']),
  },
  license_event: {
    // History rows never change once written: version 1.
    columns: `t.id, t.license_id AS "licenseId", t.event, t.from_account_id AS "fromAccountId", t.to_account_id AS "toAccountId", t.details,
                t.actor_user_id AS "actorUserId", t.at, 1::bigint AS version`,
    from: 'license_history t',
    ...constantScopes(['directory', 'billing']),
  },
};

/**
 * The wire field names of a column list, in order: each entry's `AS "alias"`, or the bare
 * column's name. Entries are split at commas outside parentheses (a column may be a subquery).
 */
function wireFields(columns: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      entries.push(columns.slice(start, i));
      start = i + 1;
    }
  }
  entries.push(columns.slice(start));
  return entries.map((entry) => {
    const alias = /\bAS\s+"?([A-Za-z_][A-Za-z0-9_]*)"?\s*$/i.exec(entry.trim());
    return alias ? alias[1]! : entry.trim().replace(/^t\./, '');
  });
}

/**
 * Each entity's definition, plus `select` (`SELECT <columns>, <scopes> AS __scopes FROM
 * <table> t`, for the change log to append `WHERE ...` to) and `fields` (the wire field names
 * in column order, for the bootstrap's rows as arrays).
 */
export const entityDefs = Object.fromEntries(
  Object.entries(defs).map(([entity, d]) => [entity, { ...d, select: `SELECT ${d.columns}, ${d.scopes} AS __scopes FROM ${d.from}`, fields: wireFields(d.columns) }]),
) as Record<SyncEntity, EntityDef & { select: string; fields: string[] }>;
