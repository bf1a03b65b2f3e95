/**
 * How each synced entity is laid out in the local cache: its table and typed columns. The
 * columns are the fields of the entity's shared row schema (src/shared/sync/entityRows.ts),
 * in its order, each a snake_case column of the kind its JSON type is stored as; the cache
 * converts booleans and JSON on the way in and out. Everything that writes or reads mirrored
 * rows generically goes through this map. The tables themselves are the cache migrations'
 * (tests/main/cacheSchema.test.ts checks they have these columns, of these types).
 */
import { z } from 'zod';
import { entityRows } from '../../shared/sync/entityRows';
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

/** How a field of the row schema is stored: by its JSON type, null or not. */
function kindOf(type: z.ZodType): ColumnKind {
  const inner = type instanceof z.ZodNullable ? (type.unwrap() as z.ZodType) : type;
  if (inner instanceof z.ZodNumber) return inner.isInt ? 'integer' : 'real';
  if (inner instanceof z.ZodString) return 'text';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  return 'json';
}

const tables: Record<SyncEntity, string> = {
  department: 'departments',
  user: 'users',
  account: 'accounts',
  license: 'licenses',
  ledger_entry: 'ledger_entries',
  faq_article: 'faq_articles',
  file_folder: 'file_folders',
  file: 'files',
  ticket: 'tickets',
  message: 'messages',
  attachment: 'attachments',
  invoice: 'invoices',
  order: 'orders',
  license_transfer: 'license_transfers',
  license_event: 'license_events',
  url_change_request: 'url_change_requests',
};

export const entityTables = {} as Record<SyncEntity, EntityTable>;
for (const entity of syncEntities) {
  const shape = entityRows[entity].shape as Record<string, z.ZodType>;
  const columns = Object.entries(shape).map(([field, type]) => ({ field, column: snake(field), kind: kindOf(type) }));
  entityTables[entity] = { entity, table: tables[entity], columns };
}

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
