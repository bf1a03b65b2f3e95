// Smoke test for the PostgreSQL harness (tests/support/postgres.ts + globalSetup).
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { createTestDatabase } from '../support/postgres';

const adminUrl = inject('postgresUrl');
let dbUrl: string | undefined;

afterAll(async () => {
  if (!dbUrl) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const name = new URL(dbUrl).pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

test('provides a PostgreSQL 15+ server and creates isolated databases', async () => {
  dbUrl = await createTestDatabase(adminUrl);
  expect(new URL(dbUrl).pathname).toMatch(/^\/sb_[0-9a-f]+$/);

  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const one = await client.query<{ n: number }>('select 1 as n');
    expect(one.rows[0]?.n).toBe(1);

    const db = await client.query<{ name: string }>('select current_database() as name');
    expect(`/${db.rows[0]?.name}`).toBe(new URL(dbUrl).pathname);

    const version = await client.query<{ server_version: string }>('show server_version');
    const major = Number.parseInt(version.rows[0]?.server_version ?? '', 10);
    expect(major).toBeGreaterThanOrEqual(15);
  } finally {
    await client.end();
  }
});
