/**
 * How each synced entity is laid out in the local cache: its table and typed columns. The
 * wire payload is camelCase JSON (src/server/sync/entities.ts); the cache keeps one snake_case
 * column per field so queues can be indexed, and converts booleans and JSON on the way in and
 * out. Everything that writes or reads mirrored rows generically goes through this map.
 */
import { syncEntities, type SyncEntity } from '../../shared/sync/protocol';
import { assertNever } from '../../shared/assertNever';

/** `boolean` is stored as 0/1, `json` (arrays, objects) as JSON text. */
export type ColumnKind = 'integer' | 'real' | 'text' | 'boolean' | 'json';

export interface ColumnSpec {
  /** Field name in the wire payload. */
  field: string;
  /** Column name in the cache table. */
  column: string;
  kind: ColumnKind;
}

export interface EntityTable {
  entity: SyncEntity;
  table: string;
  columns: readonly ColumnSpec[];
}

/** A row as SQLite stores it: column name to value. */
export type CacheRow = Record<string, number | string | null | bigint | Buffer>;

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Compact column lists: `name:kind`, kind defaulting to integer. */
function columns(spec: string): ColumnSpec[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((entry) => {
      const [field, kind = 'integer'] = entry.split(':') as [string, ColumnKind?];
      return { field, column: snake(field), kind };
    });
}

const defs: Record<SyncEntity, { table: string; columns: string }> = {
  department: { table: 'departments', columns: 'id name:text version' },
  user: { table: 'users', columns: 'id accountId email:text name:text role:text active:boolean createdAt version departmentIds:json' },
  account: {
    table: 'accounts',
    columns: 'id company:text contactEmail:text primaryUserId standingAdjustment:real newsletter:json createdAt version pointsBalance',
  },
  license: {
    table: 'licenses',
    columns: 'id key:text product:text kind:text edition:text productVersion:text url:text accountId parentLicenseId status:text certificate:text createdAt updatedAt version',
  },
  ledger_entry: { table: 'ledger_entries', columns: 'id accountId kind:text points reason:text ticketId licenseId orderId createdBy createdAt version' },
  faq_article: { table: 'faq_articles', columns: 'id title:text body:text createdAt updatedAt version' },
  file_folder: { table: 'file_folders', columns: 'id parentId name:text access:text product:text version' },
  file: { table: 'files', columns: 'id folderId accountId name:text note:text size sha256:text published:boolean uploadedBy createdAt version' },
  ticket: {
    table: 'tickets',
    columns: `id number accountId authorUserId type:text subject:text licenseId productVersion:text priority:text hotRush:boolean status:text
      departmentId assigneeId cost chargedPoints score:real clockStartedAt dueAt answeredAt preClosedAt closedAt mergedIntoId followUpOfId
      splitFromId createdAt updatedAt version breachedAt`,
  },
  message: { table: 'messages', columns: 'id ticketId authorUserId kind:text body:text movedFromTicketId clientRef:text createdAt version' },
  attachment: { table: 'attachments', columns: 'id ticketId messageId fileName:text size sha256:text uploadedBy createdAt version' },
  invoice: { table: 'invoices', columns: 'id accountId description:text amountCents currency:text items:json status:text issuedAt paidAt version' },
  order: { table: 'orders', columns: 'id accountId invoiceId items:json status:text rejectReason:text createdAt decidedAt decidedBy version' },
  license_transfer: {
    table: 'license_transfers',
    columns: `id licenseId fromAccountId toAccountId targetEmail:text targetContactName:text targetCompany:text targetUrl:text targetLicenseKey:text points status:text
      signature:text reason:text createdAt decidedAt acceptedAt version newLicenseId decidedBy`,
  },
  license_event: {
    table: 'license_events',
    columns: 'id licenseId event:text fromAccountId toAccountId details:json actorUserId at version',
  },
  url_change_request: {
    table: 'url_change_requests',
    columns: 'id licenseId accountId oldUrl:text newUrl:text status:text reason:text removalDeadline createdAt decidedAt version decidedBy',
  },
};

export const entityTables = {} as Record<SyncEntity, EntityTable>;
for (const entity of syncEntities) entityTables[entity] = { entity, table: defs[entity].table, columns: columns(defs[entity].columns) };

/** Wire value to SQLite value. */
function toCell(kind: ColumnKind, value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value ? 1 : 0;
    case 'json':
      return JSON.stringify(value);
    case 'integer':
    case 'real':
      return typeof value === 'number' ? value : Number(value);
    case 'text':
      return typeof value === 'string' ? value : String(value);
    default:
      return assertNever(kind, 'column kind');
  }
}

/** SQLite value to wire value. */
function fromCell(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === 1 || value === 1n || value === true;
    case 'json':
      return JSON.parse(String(value)) as unknown;
    case 'integer':
    case 'real':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'text':
      return value;
    default:
      return assertNever(kind, 'column kind');
  }
}

/** The payload's values in column order, ready to bind to the table's upsert. */
export function payloadToCells(t: EntityTable, payload: Record<string, unknown>): Array<number | string | null> {
  const cells = new Array<number | string | null>(t.columns.length);
  for (let i = 0; i < t.columns.length; i++) {
    const c = t.columns[i]!;
    cells[i] = toCell(c.kind, payload[c.field]);
  }
  return cells;
}

/**
 * A bootstrap row (a JSON array whose values follow `wireColumns`, SYNC.md) to SQLite values
 * in the table's column order: the position of each column is worked out once per columns
 * line, not looked up by name per row. A field the cache does not know is skipped and a
 * column the server did not send is null, as with an object payload.
 */
export function wireArrayToCells(t: EntityTable, wireColumns: readonly string[]): (values: readonly unknown[]) => Array<number | string | null> {
  const at = t.columns.map((c) => wireColumns.indexOf(c.field));
  return (values) => {
    const cells = new Array<number | string | null>(at.length);
    for (let i = 0; i < at.length; i++) cells[i] = at[i]! < 0 ? null : toCell(t.columns[i]!.kind, values[at[i]!]);
    return cells;
  };
}

/** A cached row back in wire shape (for comparisons and the console API). */
export function cacheRowToPayload(t: EntityTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of t.columns) out[c.field] = fromCell(c.kind, row[c.column]);
  return out;
}

export const columnList = (t: EntityTable): string => t.columns.map((c) => c.column).join(', ');
