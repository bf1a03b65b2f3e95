/** Savepoints through the Database interface, on both engines: nested, after a failed statement, and undone with their outer one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savepoint, type Database } from '../../src/server/db/database';
import { backends, openTestDatabase } from '../support/testServer';

describe.each(backends)('savepoints on %s', (backend) => {
  let db: Database;
  const rows = async () => (await db.query<{ v: string }>('SELECT v FROM sp_probe ORDER BY v')).map((r) => r.v);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await db.exec('CREATE TABLE sp_probe (v text PRIMARY KEY)');
  });
  afterAll(() => db.close());

  it('rolls back only the failed inner write, after a failed statement, and the transaction goes on', async () => {
    await db.exec('DELETE FROM sp_probe');
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO sp_probe VALUES ('outer')`);
      await savepoint(tx, async () => {
        await tx.query(`INSERT INTO sp_probe VALUES ('kept')`);
        await expect(
          savepoint(tx, async () => {
            await tx.query(`INSERT INTO sp_probe VALUES ('undone')`);
            await tx.query(`INSERT INTO sp_probe VALUES ('kept')`); // a unique violation aborts the statement
          }),
        ).rejects.toMatchObject({ code: '23505' });
        await tx.query(`INSERT INTO sp_probe VALUES ('after')`);
      });
    });
    expect(await rows()).toEqual(['after', 'kept', 'outer']);
  });

  it('undoes a released inner savepoint when its outer one fails', async () => {
    await db.exec('DELETE FROM sp_probe');
    await db.transaction(async (tx) => {
      await expect(
        savepoint(tx, async () => {
          await savepoint(tx, () => tx.query(`INSERT INTO sp_probe VALUES ('inner')`));
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      await tx.query(`INSERT INTO sp_probe VALUES ('next')`);
    });
    expect(await rows()).toEqual(['next']);
  });
});
