/**
 * `npx tsx scripts/seedDigest.ts [--tickets 600] [--seed 1] [--out FILE]`
 *
 * Seeds a fresh in-memory PGlite database and writes every table, ordered by primary key, to
 * FILE (one JSON row a line), then prints each table's sha256 and one over all of them: the
 * check that a change to the generator leaves its output byte-identical. Password hashes
 * (salted), the sync epoch (random) and the migrations' times are masked, as no two runs share them.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openPglite } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { generateDemoData } from '../src/server/seed/generate';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '600' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: '/tmp/seed-dump.jsonl' } } });
const now = Date.UTC(2025, 5, 2, 9, 30);

const db = await openPglite();
await migrate(db);
await generateDemoData(db, { tickets: Number(values.tickets), seed: Number(values.seed), now });

const tables = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`);
const lines: string[] = [];
const all = createHash('sha256');
for (const { name } of tables) {
  const pk = await db.query<{ col: string }>(
    `SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [name],
  );
  const order = pk.length ? pk.map((p) => `"${p.col}"`).join(', ') : '1';
  const rows = await db.query<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY ${order}`);
  const h = createHash('sha256');
  for (const row of rows) {
    if (name === 'users') row.password_hash = '(masked)';
    if (name === 'settings' && row.key === 'sync.epoch') row.value = '(masked)';
    if (name === 'schema_migrations') row.applied_at = '(masked)';
    const line = `${name}\t${JSON.stringify(row)}`;
    lines.push(line);
    h.update(line + '\n');
  }
  all.update(line(name, h.digest('hex'), rows.length));
}
function line(name: string, hash: string, n: number): string {
  const s = `${hash.slice(0, 16)}  ${String(n).padStart(7)}  ${name}`;
  console.log(s);
  return s + '\n';
}
writeFileSync(values.out!, lines.join('\n') + '\n');
console.log(`${all.digest('hex')}  all (${values.out})`);
await db.close();
