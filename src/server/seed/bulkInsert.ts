/**
 * The seed's writer: rows buffered per table and sent with one `INSERT ... SELECT FROM
 * unnest(...)` per batch, which is what makes a million rows take minutes on PGlite.
 */
import type { Queryable } from '../db/database';

export type ColumnType = 'bigint' | 'integer' | 'text' | 'boolean' | 'double precision' | 'jsonb' | 'text[]';

/** Buffers rows and writes them with one `INSERT ... SELECT FROM unnest(...)` per batch. */
export class BulkInsert {
  private cols: unknown[][];
  private readonly sql: string;
  inserted = 0;
  constructor(
    private readonly tx: Queryable,
    private readonly table: string,
    columns: ReadonlyArray<readonly [string, ColumnType]>,
    private readonly batchSize = 4000,
  ) {
    const names = columns.map(([n]) => `"${n}"`);
    // Arrays of arrays cannot go through unnest; a text[] column travels as its literal.
    const params = columns.map(([, type], i) => `$${i + 1}::${type === 'text[]' ? 'text' : type}[]`);
    const selects = columns.map(([n, type]) => (type === 'text[]' ? `u."${n}"::text[]` : `u."${n}"`));
    this.sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selects.join(', ')} FROM unnest(${params.join(', ')}) AS u(${names.join(', ')})`;
    this.cols = columns.map(() => []);
  }
  async add(...values: unknown[]): Promise<void> {
    for (let i = 0; i < this.cols.length; i++) this.cols[i]!.push(values[i] ?? null);
    if (this.cols[0]!.length >= this.batchSize) await this.flush();
  }
  async flush(): Promise<void> {
    const n = this.cols[0]!.length;
    if (!n) return;
    const cols = this.cols;
    this.cols = cols.map(() => []);
    try {
      await this.tx.query(this.sql, cols);
    } catch (err) {
      // The driver's error carries every parameter; thousands of rows are no help in a log.
      const e = err as { message?: string; detail?: string };
      throw new Error(`seeding ${this.table}: ${e.message ?? String(err)}${e.detail ? ` (${e.detail})` : ''}`);
    }
    this.inserted += n;
  }
}

export const pgTextArray = (items: readonly string[]): string => `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
