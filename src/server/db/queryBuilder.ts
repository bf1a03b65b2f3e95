/**
 * Typed SQL for the server: kysely 0.28 (0.29 needs Node 22) over the `Queryable` of
 * database.ts, so one query runs the same on PGlite and PostgreSQL, inside or outside a
 * transaction, through the same prepared-statement path as the hand-written SQL.
 *
 * Conventions for code moving to it:
 * - `queryBuilder(db)` or `queryBuilder(tx)`: a `Kysely<Tables>` bound to that connection
 *   (one per connection, cached), e.g.
 *   `await queryBuilder(tx).selectFrom('tickets').select(['id', 'status']).where('id', '=', id).executeTakeFirst()`.
 * - Tables and columns are named in camelCase (`tables.ts`, written from the migrations by
 *   `npm run db:types`); CamelCasePlugin turns them into the schema's snake_case and the
 *   rows back into camelCase, so no query needs `AS "camelCase"` aliases.
 * - Transactions stay `db.transaction(async (tx) => ...)` (database.ts): kysely's own
 *   `transaction()` is refused here, because PGlite's single connection is serialised by
 *   database.ts and a second way in would deadlock it.
 * - A statement on a hot path (run a thousand times by one push of offline replies) is
 *   built and compiled once with `preparedStatement`: the builder's own work (building,
 *   freezing, the camelCase transform, compiling) costs more than PGlite's execution of a
 *   ticket's 23-column SELECT or UPDATE, and it is the same every time.
 * - Everything else is the builder's, CTEs (`with`), data-modifying CTEs, `FOR UPDATE`,
 *   lateral joins, aggregates with FILTER and set-returning functions included. A statement
 *   stays a typed kysely `sql` template, `sql<Row>\`...\`.execute(queryBuilder(tx))`, only
 *   (a) on a hot path where a measured figure (`npm run bench`) says the builder costs too
 *   much (the sync paths entities.ts, changeLog.ts, changeBatch.ts, bootstrap.ts and
 *   changesRead.ts, measured by the bench's push, pull and bootstrap sections), or (b) where the builder has no typed form for it (word
 *   arrays of tsvectors, `->>` on an untyped jsonb column), with a comment saying why. Such a
 *   template names tables and columns through `sql.table('camelCase')` / `sql.ref('t.camelCase')`,
 *   which the plugin maps like the builder's own, and its parameters stay bound, never spliced.
 *   A call of a function for its effect alone (`pg_advisory_xact_lock`, `pg_notify`) may be
 *   a one-line template.
 */
import {
  CamelCasePlugin,
  createQueryId,
  type Compilable,
  type InferResult,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  sql,
  type Expression,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import type { Queryable } from './database';
import type { Tables } from './tables';

export type { Tables } from './tables';
export { sql };

/** A kysely connection that is just the `Queryable` it was made for. */
class QueryableConnection implements DatabaseConnection {
  constructor(private readonly q: Queryable) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const rows = await this.q.query<R>(compiled.sql, compiled.parameters);
    // The builder's INSERT/UPDATE/DELETE without RETURNING read numAffectedRows; the
    // Queryable gives rows only, so callers that need a count use RETURNING.
    return { rows };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('queryBuilder: streaming is not supported; page with LIMIT instead');
  }
}

class QueryableDriver implements Driver {
  private readonly connection: QueryableConnection;
  constructor(q: Queryable) {
    this.connection = new QueryableConnection(q);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('queryBuilder: use db.transaction(async (tx) => ...) and queryBuilder(tx)');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

function dialectFor(q: Queryable): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new QueryableDriver(q),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

// Row keys turn camelCase; a jsonb value's own keys (an audit entry's details, an order's
// items) are data and stay as they were written.
const camelCase = new CamelCasePlugin({ maintainNestedObjectKeys: true });
const builders = new WeakMap<Queryable, Kysely<Tables>>();

/** The typed query builder over `q` (a Database or a transaction's connection). */
export function queryBuilder(q: Queryable): Kysely<Tables> {
  let builder = builders.get(q);
  if (!builder) {
    builder = new Kysely<Tables>({ dialect: dialectFor(q), plugins: [camelCase] });
    builders.set(q, builder);
  }
  return builder;
}

/**
 * `jsonb_build_object('key', value, ...)` of named expressions, typed by them (kysely's own
 * `jsonBuildObject` builds `json`, which cannot be compared or indexed). PostgreSQL takes at
 * most 100 arguments: 50 keys.
 */
export function jsonbObject<O extends Record<string, Expression<unknown>>>(o: O): RawBuilder<{ [K in keyof O]: O[K] extends Expression<infer V> ? V : never }> {
  return sql`jsonb_build_object(${sql.join(Object.entries(o).flatMap(([key, value]) => [sql.lit(key), value]))})`;
}

/** A placeholder for a prepared statement's parameter, found again in the compiled parameters. */
class Parameter {
  constructor(readonly name: string) {}
}

// Compiles only: a prepared statement runs through the Queryable it is given.
const compiler = new Kysely<Tables>({ dialect: dialectFor({ query: () => Promise.reject(new Error('queryBuilder: the compiler runs no query')), exec: async () => undefined }), plugins: [camelCase] });

/**
 * A statement built and compiled once and then run with new values, for hot paths. `build`
 * gets the builder and the parameters by name; a parameter is a placeholder, so `build` must
 * use it as one value (`where('id', '=', p.id)`, `values({ body: p.body })`) and never look
 * at it (no `p.id ?? null`, no branching on it, no array of values for `in`). The rows come
 * back camelCased as the builder's own do.
 *
 *   const ticketById = preparedStatement<{ id: number }>()((db, p) => db.selectFrom('tickets').select(['id', 'status']).where('id', '=', p.id));
 *   const [row] = await ticketById(tx, { id: 7 });
 */
export function preparedStatement<P extends object>() {
  return <Q extends Compilable<unknown>>(build: (db: Kysely<Tables>, p: P) => Q) => {
    let compiled: { sql: string; parameters: readonly unknown[] } | undefined;
    return async (q: Queryable, params: P): Promise<InferResult<Q>> => {
      if (!compiled) {
        const placeholders = new Proxy({}, { get: (_, name) => new Parameter(String(name)) }) as P;
        compiled = build(compiler, placeholders).compile();
      }
      const values = compiled.parameters.map((v) => (v instanceof Parameter ? (params as Record<string, unknown>)[v.name] : v));
      const rows = await q.query<Record<string, unknown>>(compiled.sql, values);
      const result = await camelCase.transformResult({ result: { rows }, queryId: createQueryId() });
      return result.rows as InferResult<Q>;
    };
  };
}
