/**
 * Numbered migrations (`migrations/NNN_name.sql`), applied in order at start, all in one
 * transaction: a failing migration leaves the schema as it was, none of the run applied. A
 * database whose schema is newer than this code knows is refused rather than damaged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Database } from './database';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function knownMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(path.join(migrationsDir, f), 'utf8') }));
}

export class SchemaTooNewError extends Error {
  constructor(dbVersion: number, codeVersion: number) {
    super(`the database schema is version ${dbVersion}, newer than this server knows (${codeVersion}); upgrade the server instead of running an older one against it`);
  }
}

export async function migrate(db: Database, migrations = knownMigrations()): Promise<number> {
  // Two servers starting at once on one PostgreSQL: the advisory lock lets one migrate.
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7270001)');
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const [row] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = row?.v ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) throw new SchemaTooNewError(current, latest);
    for (const m of migrations.filter((m) => m.version > current)) {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
    }
    return latest;
  });
}
