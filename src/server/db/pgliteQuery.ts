/**
 * Parameterised statements on PGlite in one call into its WebAssembly backend, each text
 * parsed and planned once as a named prepared statement. PGlite's own `query` makes six
 * calls per statement (parse, describe, bind, describe, execute, sync) and parses and plans
 * the text every time, several times the cost of one call with a plan made once. A push of a
 * thousand offline replies runs some eight thousand statements, so the per-statement cost is
 * most of its time.
 *
 * Values are turned into text exactly as node-postgres turns them (its prepareValue) and sent
 * untyped, so a parameter means the same on both engines and PostgreSQL infers its type from
 * the statement, as it does for `pg`.
 */
import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import { prepareValue } from 'pg/lib/utils.js';

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A `query` function over `db` keeping up to `capacity` prepared statements, the least recently used closed first. */
export function preparedQuery(db: PGlite, capacity = 500) {
  const names = new Map<string, string>();
  let closing: string[] = [];
  let made = 0;
  return async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> => {
    const parts = closing.map((name) => serialize.close({ type: 'S', name }));
    closing = [];
    let name = names.get(text);
    const fresh = name === undefined;
    if (name === undefined) {
      name = `sb_${++made}`;
      parts.push(serialize.parse({ name, text }));
    }
    // Most recently used last, so the first key is the one to close when the cache is full.
    names.delete(text);
    names.set(text, name);
    if (names.size > capacity) {
      const [oldest, oldName] = names.entries().next().value as [string, string];
      names.delete(oldest);
      closing.push(oldName);
    }
    const values = params.map((v) => prepareValue(v) as string | Uint8Array | null);
    parts.push(serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync());
    try {
      const { messages } = await db.execProtocol(concat(parts), { syncToFs: false });
      return (parse.parseResults(messages, db.parsers).at(-1)?.rows ?? []) as T[];
    } catch (err) {
      // The statement may or may not have been prepared before the error: forget it, and
      // close the name (closing one that does not exist is no error).
      if (fresh && names.get(text) === name) {
        names.delete(text);
        closing.push(name);
      }
      throw err;
    }
  };
}
