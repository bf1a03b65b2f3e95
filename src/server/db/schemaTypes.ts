/**
 * Writes the TypeScript description of the database's tables (`tables.ts`) from the schema
 * the migrations build, so the query builder checks every table and column name and every
 * value's type against the real schema. Run `npm run db:types` after adding a migration; a
 * test fails while the file is out of date.
 */
import type { Queryable } from './database';

interface ColumnRow {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
}

// int8 is read as a JS number (database.ts); numeric keeps its exact text.
const scalarTypes: Record<string, string> = {
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'string',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  uuid: 'string',
  tsvector: 'string',
  bool: 'boolean',
  bytea: 'Uint8Array',
};

function tsTypeOf(udt: string): string {
  if (udt.startsWith('_')) return `${tsTypeOf(udt.slice(1))}[]`;
  const t = scalarTypes[udt];
  if (!t) throw new Error(`schemaTypes: no TypeScript type for the column type ${udt}; add it to scalarTypes`);
  return t;
}

const pascal = (name: string) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A column's type as read, as written on insert and as written on update. */
function columnType(c: ColumnRow): string {
  const json = c.udt_name === 'json' || c.udt_name === 'jsonb';
  const nullable = c.is_nullable === 'YES' ? ' | null' : '';
  // A json value is read parsed and written as the text of JSON.stringify (node-postgres
  // would turn a JS array into a PostgreSQL array, not a JSON one).
  const read = (json ? 'unknown' : tsTypeOf(c.udt_name)) + nullable;
  const write = (json ? 'string' : tsTypeOf(c.udt_name)) + nullable;
  if (c.is_generated === 'ALWAYS') return `ColumnType<${read}, never, never>`;
  const hasDefault = c.column_default !== null || c.is_identity === 'YES';
  if (!json) return hasDefault ? `Generated<${read}>` : read;
  return `ColumnType<${read}, ${write}${hasDefault ? ' | undefined' : ''}, ${write}>`;
}

export async function renderTableTypes(db: Queryable): Promise<string> {
  const columns = await db.query<ColumnRow>(
    `SELECT table_name, column_name, udt_name, is_nullable, column_default, is_identity, is_generated
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
      ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, ColumnRow[]>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c]);
  const out = [
    '// Written by `npm run db:types` from the migrations (src/server/db/schemaTypes.ts): do not edit.',
    "import type { ColumnType, Generated } from 'kysely';",
    '',
  ];
  for (const [table, cols] of tables) {
    out.push(`export interface ${pascal(table)}Table {`);
    for (const c of cols) {
      // Column names in camelCase: the query builder's CamelCasePlugin maps them to snake_case.
      out.push(`  ${camel(c.column_name)}: ${columnType(c)};`);
    }
    out.push('}', '');
  }
  out.push('export interface Tables {');
  for (const table of tables.keys()) out.push(`  ${camel(table)}: ${pascal(table)}Table;`);
  out.push('}', '');
  return out.join('\n');
}
