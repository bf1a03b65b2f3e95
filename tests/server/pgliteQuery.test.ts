/** PGlite's prepared-statement path: results, errors that leave the cache usable, and eviction. */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedQuery } from '../../src/server/db/pgliteQuery';

describe('preparedQuery on PGlite', () => {
  let db: PGlite;
  let query: ReturnType<typeof preparedQuery>;
  beforeAll(async () => {
    db = await PGlite.create('memory://');
    query = preparedQuery(db, 2);
  });
  afterAll(() => db.close());

  it('reads parameters as node-postgres sends them: arrays, JSON, booleans, nulls', async () => {
    const [row] = await query<{ a: string[]; j: unknown; b: boolean; n: null }>('SELECT $1::text[] AS a, $2::jsonb AS j, $3::boolean AS b, $4::int AS n', [['x', 'y"z'], { k: [1] }, true, null]);
    expect(row).toEqual({ a: ['x', 'y"z'], j: { k: [1] }, b: true, n: null });
  });

  it('stays usable after errors at parse and at bind, and after its statements are evicted', async () => {
    await expect(query('SELEC 1')).rejects.toThrow(/syntax/);
    await expect(query('SELECT $1::int AS v', ['x'])).rejects.toThrow(/invalid input/);
    expect(await query('SELECT $1::int AS v', [5])).toEqual([{ v: 5 }]);
    for (const n of [1, 2, 3]) expect(await query(`SELECT ${n} AS v`)).toEqual([{ v: n }]);
    expect(await query('SELECT $1::int AS v', [6])).toEqual([{ v: 6 }]);
    const [{ n }] = (await query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')) as [{ n: number }];
    expect(n).toBeLessThanOrEqual(3);
  });
});
