/**
 * Writes the TypeScript description of the database's tables (`tables.ts`) from the schema
 * the migrations build, so the query builder checks every table and column name and every
 * value's type against the real schema. Run `npm run db:types` after adding a migration; a
 * test fails while the file is out of date.
 */
import type { Queryable } from './database';
import { queryBuilder, sql } from './queryBuilder';

/** A row of information_schema.columns (not one of the tables the builder knows). */
interface ColumnRow {
  tableName: string;
  columnName: string;
  udtName: string;
  isNullable: 'YES' | 'NO';
  columnDefault: string | null;
  isIdentity: 'YES' | 'NO';
  isGenerated: 'ALWAYS' | 'NEVER';
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
  const json = c.udtName === 'json' || c.udtName === 'jsonb';
  const nullable = c.isNullable === 'YES' ? ' | null' : '';
  // A json value is read parsed and written as the text of JSON.stringify (node-postgres
  // would turn a JS array into a PostgreSQL array, not a JSON one).
  const read = (json ? 'unknown' : tsTypeOf(c.udtName)) + nullable;
  const write = (json ? 'string' : tsTypeOf(c.udtName)) + nullable;
  if (c.isGenerated === 'ALWAYS') return `ColumnType<${read}, never, never>`;
  const hasDefault = c.columnDefault !== null || c.isIdentity === 'YES';
  if (!json) return hasDefault ? `Generated<${read}>` : read;
  return `ColumnType<${read}, ${write}${hasDefault ? ' | undefined' : ''}, ${write}>`;
}

export async function renderTableTypes(db: Queryable): Promise<string> {
  const { rows: columns } = await sql<ColumnRow>`
    SELECT table_name, column_name, udt_name, is_nullable, column_default, is_identity, is_generated
      FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
     ORDER BY table_name, ordinal_position`.execute(queryBuilder(db));
  const tables = new Map<string, ColumnRow[]>();
  for (const c of columns) tables.set(c.tableName, [...(tables.get(c.tableName) ?? []), c]);
  const out = [
    '// Written by `npm run db:types` from the migrations (src/server/db/schemaTypes.ts): do not edit.',
    "import type { ColumnType, Generated } from 'kysely';",
    '',
  ];
  for (const [table, cols] of tables) {
    out.push(`export interface ${pascal(table)}Table {`);
    for (const c of cols) {
      // Column names in camelCase: the query builder's CamelCasePlugin maps them to snake_case.
      out.push(`  ${camel(c.columnName)}: ${columnType(c)};`);
    }
    out.push('}', '');
  }
  out.push('export interface Tables {');
  for (const table of tables.keys()) out.push(`  ${camel(table)}: ${pascal(table)}Table;`);
  out.push('}', '');
  return out.join('\n');
}
