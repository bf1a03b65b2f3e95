/**
 * How each synced entity is read for the wire: its fields (the shared row schema,
 * src/shared/sync/entityRows.ts: never a password hash or access info), each read from the
 * table's column of the same name unless it is computed here, and the scopes that receive
 * the row (SYNC.md). The change log and the bootstrap both read through these, so a row
 * always travels in the same shape to the same people.
 *
 * The SQL is kysely's `sql` over `queryBuilder`: these reads are the measured hot paths of
 * the change log and the bootstrap, and keep their hand-tuned shape (a correlated subquery
 * for a child's scopes, `ORDER BY id LIMIT n`). The CamelCasePlugin names the columns in
 * snake_case, so a field `accountId` is the column `account_id` of `t` and of the read `x`.
 */
import type { RawBuilder } from 'kysely';
import { jsonbObject, sql, type Tables } from '../db/queryBuilder';
import { wireFields, type WireField } from '../../shared/sync/entityRows';
import { syncEntities, type SyncEntity } from '../../shared/sync/protocol';
import { ticketScopeParts } from './scopes';

interface EntityDef<E extends SyncEntity, T extends keyof Tables> {
  table: T;
  /** The fields that are not a column of the table, as expressions on its row `t`. */
  computed: Record<Exclude<WireField<E>, keyof Tables[T]>, RawBuilder<unknown>>;
  /** Expression (on `t`) of the scopes that receive the row. */
  scopes: RawBuilder<string[]>;
  /**
   * Scopes that every row of the entity carries: a user holding one of them receives all the
   * rows, and the bootstrap reads them without working out each row's scopes (for messages
   * that is a lookup of the ticket per row, most of a page's time on the server).
   */
  everyRowIn: readonly string[];
}

/** Checks each definition's table and computed fields against the entity's row schema. */
const define = <E extends SyncEntity, T extends keyof Tables>(_entity: E, table: T, computed: EntityDef<E, T>['computed'], scopes: Pick<EntityDef<E, T>, 'scopes' | 'everyRowIn'>): EntityDef<E, T> => ({ table, computed, ...scopes });

const constantScopes = (scopes: readonly string[]) => ({ scopes: sql<string[]>`ARRAY[${sql.join(scopes.map((s) => sql.lit(s)))}]`, everyRowIn: scopes });

/** `ticketScopeParts` in SQL, on the ticket row `alias`. */
const ticketScopesSql = (alias: string): RawBuilder<string[]> =>
  sql`array_remove(ARRAY[${sql.join(ticketScopeParts.map((p) => ('scope' in p ? sql.lit(p.scope) : sql`${sql.lit(p.prefix)} || ${sql.ref(`${alias}.${p.field}`)}`)))}], NULL)`;
const ticketRowScopes = { scopes: ticketScopesSql('t'), everyRowIn: ['tickets'] };
/**
 * A message or attachment has its ticket's scopes (its ticket always exists: a foreign key).
 * A correlated subquery rather than a join, so a page read (`ORDER BY id LIMIT n`) walks the
 * primary key and stops after n rows instead of hashing and sorting every remaining row.
 */
const ticketChildScopes = { scopes: sql<string[]>`(SELECT ${ticketScopesSql('tk')} FROM tickets tk WHERE tk.id = t.ticket_id)`, everyRowIn: ['tickets'] };

const none = {};
/** Each entity's definition, checked by `define`; read generically below. */
const defs: Record<SyncEntity, { table: keyof Tables; computed: object } & Pick<EntityDef<SyncEntity, keyof Tables>, 'scopes' | 'everyRowIn'>> = {
  department: define('department', 'departments', none, constantScopes(['directory'])),
  user: define(
    'user', 'users',
    { departmentIds: sql`coalesce(array(SELECT department_id FROM staff_departments sd WHERE sd.user_id = t.id ORDER BY 1), '{}')` },
    constantScopes(['directory']),
  ),
  account: define(
    'account', 'accounts',
    { pointsBalance: sql`coalesce((SELECT sum(points) FROM ledger_entries l WHERE l.account_id = t.id), 0)::int` },
    constantScopes(['directory']),
  ),
  // Least privilege: every staff member sees an account's licenses (the ticket sidebar) and its
  // balance (pointsBalance above), but its ledger, its licenses' certificates (redactions below)
  // and its customers' own uploads (My files) only billing and admins hold.
  license: define('license', 'licenses', none, constantScopes(['directory', 'billing'])),
  ledger_entry: define('ledger_entry', 'ledgerEntries', none, constantScopes(['billing'])),
  faq_article: define('faq_article', 'faqArticles', none, constantScopes(['faq'])),
  file_folder: define('file_folder', 'fileFolders', none, constantScopes(['files'])),
  file: define('file', 'files', none, { scopes: sql<string[]>`CASE WHEN t.account_id IS NULL THEN ARRAY['files'] ELSE ARRAY['billing'] END`, everyRowIn: [] }),
  // Whether access info was posted: the console offers the reveal only then (the text stays on
  // the server). A post of access info marks the ticket changed (customerRoutes.ts).
  ticket: define('ticket', 'tickets', { hasAccessInfo: sql`EXISTS (SELECT 1 FROM access_infos ai WHERE ai.ticket_id = t.id)` }, ticketRowScopes),
  message: define('message', 'ticketMessages', none, ticketChildScopes),
  attachment: define('attachment', 'attachments', none, ticketChildScopes),
  invoice: define('invoice', 'invoices', none, constantScopes(['billing'])),
  order: define('order', 'orders', none, constantScopes(['billing'])),
  license_transfer: define('license_transfer', 'licenseTransfers', none, constantScopes(['billing'])),
  url_change_request: define('url_change_request', 'urlChangeRequests', none, constantScopes(['billing'])),
  // History rows never change once written: version 1.
  license_event: define('license_event', 'licenseHistory', { version: sql`1::bigint` }, constantScopes(['directory', 'billing'])),
};

/**
 * Fields only some readers receive: one holding none of `unless` gets `fields`' values in their
 * place, in the bootstrap and in the changes it pulls. The change log keeps the whole row once;
 * the redaction happens as it is read (bootstrap.ts, syncRoutes.ts).
 */
const redactions: Partial<Record<SyncEntity, { unless: readonly string[]; fields: Record<string, unknown> }>> = {
  license: { unless: ['billing'], fields: { certificate: '' } },
};

/** The values that replace fields of `entity`'s rows for a reader with these scopes, or null when it gets them whole. */
export function redactedFor(entity: SyncEntity, scopes: readonly string[]): Record<string, unknown> | null {
  const r = redactions[entity];
  return r && !r.unless.some((s) => scopes.includes(s)) ? r.fields : null;
}

export interface EntityWire {
  /** The wire field names in order (the bootstrap's columns line). */
  fields: readonly string[];
  /** `<table> t`. */
  from: RawBuilder<unknown>;
  /** The wire columns on `t`, each named by its field (in snake_case, through the plugin). */
  columns: RawBuilder<unknown>;
  /** `columns` with the redacted fields' values in their place (`redactedFor`), or null when the entity has none. */
  redactedColumns: RawBuilder<unknown> | null;
  scopes: RawBuilder<string[]>;
  everyRowIn: readonly string[];
  /** The row read as `x` (from `columns`) as its wire object, for a change's payload. */
  payload: RawBuilder<unknown>;
  /** The row read as `x` as a JSON array in `fields` order, for a bootstrap row. */
  array: RawBuilder<unknown>;
}

const columnsOf = (fields: readonly string[], computed: Partial<Record<string, RawBuilder<unknown>>>) =>
  sql.join(fields.map((f) => sql`${computed[f] ?? sql.ref(`t.${f}`)} AS ${sql.id(f)}`));

function wireOf<E extends SyncEntity>(entity: E): EntityWire {
  const d = defs[entity];
  const fields = wireFields(entity);
  const computed = d.computed as Partial<Record<string, RawBuilder<unknown>>>;
  const x = (f: string) => sql.ref(`x.${f}`);
  return {
    fields,
    from: sql`${sql.table(d.table)} t`,
    columns: columnsOf(fields, computed),
    redactedColumns: redactions[entity] ? columnsOf(fields, { ...computed, ...Object.fromEntries(Object.entries(redactions[entity].fields).map(([f, v]) => [f, sql.val(v)])) }) : null,
    scopes: d.scopes,
    everyRowIn: d.everyRowIn,
    // At most 50 fields (the ticket has 29).
    payload: jsonbObject(Object.fromEntries(fields.map((f) => [f, x(f)]))),
    array: sql`json_build_array(${sql.join(fields.map(x))})`,
  };
}

export const entityDefs = Object.fromEntries(syncEntities.map((e) => [e, wireOf(e)])) as Record<SyncEntity, EntityWire>;

/** `SELECT <columns>, <scopes> AS __scopes FROM <table> t WHERE <where>`: the rows a change reads. */
export const changedRowsSelect = (entity: SyncEntity, where: RawBuilder<boolean>): RawBuilder<unknown> => {
  const d = entityDefs[entity];
  return sql`SELECT ${d.columns}, ${d.scopes} AS __scopes FROM ${d.from} WHERE ${where}`;
};
