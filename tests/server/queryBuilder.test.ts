/**
 * The typed query builder on both engines: the table types match what the migrations build,
 * rows come back in camelCase while a jsonb value keeps its own keys, and a query runs inside
 * the Database's transactions (rolled back with them); a prepared statement, compiled once,
 * runs with each call's own values and gives the rows the builder gives.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { preparedStatement, queryBuilder, sql } from '../../src/server/db/queryBuilder';
import { renderTableTypes } from '../../src/server/db/schemaTypes';
import { backends, openTestDatabase } from '../support/testServer';

describe.each(backends)('the query builder on %s', (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await migrate(db);
  });
  afterAll(() => db.close());

  it('has table types matching the migrations (run `npm run db:types` after adding one)', async () => {
    const written = readFileSync(new URL('../../src/server/db/tables.ts', import.meta.url), 'utf8');
    expect(written).toBe(await renderTableTypes(db));
  });

  it('writes and reads camelCase columns, keeping the keys inside a jsonb value', async () => {
    const q = queryBuilder(db);
    const inserted = await q
      .insertInto('auditLog')
      .values({ actorUserId: null, action: 'probe.camel_case', entity: 'probe', entityId: 1, details: JSON.stringify({ snake_key: 1, inner: { other_key: true } }), at: 5 })
      .returning(["id", "at"])
      .executeTakeFirstOrThrow();
    expect(inserted.at).toBe(5);
    const row = await q.selectFrom('auditLog').select(["action", "details", "actorUserId"]).where('id', '=', inserted.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ action: 'probe.camel_case', details: { snake_key: 1, inner: { other_key: true } }, actorUserId: null });
    const raw = await sql<{ entityId: number }>`SELECT entity_id FROM audit_log WHERE id = ${inserted.id}`.execute(q);
    expect(raw.rows).toEqual([{ entityId: 1 }]);
  });

  it('runs inside a transaction and is undone with it', async () => {
    const action = `probe.rollback.${backend}`;
    await expect(
      db.transaction(async (tx) => {
        await queryBuilder(tx).insertInto('auditLog').values({ actorUserId: null, action, entity: 'probe', entityId: 2, at: 6 }).execute();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await queryBuilder(db).selectFrom('auditLog').select('id').where('action', '=', action).execute()).toEqual([]);
  });

  it('refuses kysely transactions, which would bypass the engine lock', async () => {
    await expect(queryBuilder(db).transaction().execute(async () => undefined)).rejects.toThrow(/db\.transaction/);
  });

  it('runs a prepared statement with each call\'s own values, keeping the constants it was built with', async () => {
    const insert = preparedStatement<{ action: string; entityId: number | null; details: string }>()((q, p) =>
      q.insertInto('auditLog').values({ actorUserId: null, action: p.action, entity: 'probe', entityId: p.entityId, details: p.details, at: 7 }).returning(['id', 'entityId', 'details', 'at']),
    );
    const byAction = preparedStatement<{ action: string }>()((q, p) => q.selectFrom('auditLog').select(['entityId', 'actorUserId', 'details']).where('action', '=', p.action).where('entity', '=', 'probe').orderBy('id'));
    const action = `probe.prepared.${backend}`;
    const [first] = await insert(db, { action, entityId: 3, details: JSON.stringify({ snake_key: 'a' }) });
    await db.transaction((tx) => insert(tx, { action, entityId: null, details: '{}' }));
    expect(first).toMatchObject({ entityId: 3, details: { snake_key: 'a' }, at: 7 });
    const rows = await byAction(db, { action });
    expect(rows).toEqual([
      { entityId: 3, actorUserId: null, details: { snake_key: 'a' } },
      { entityId: null, actorUserId: null, details: {} },
    ]);
    expect(rows).toEqual(await queryBuilder(db).selectFrom('auditLog').select(['entityId', 'actorUserId', 'details']).where('action', '=', action).orderBy('id').execute());
    expect(await byAction(db, { action: 'probe.none' })).toEqual([]);
  });
});
