/**
 * Bootstrap pages: the user's rows, entity after entity in id order. Each page is read in one
 * REPEATABLE READ transaction together with the head seq, so the page and its cursor agree.
 * A later page may be newer than the first; the client pulls changes from the *first* page's
 * cursor, and since every change after it is replayed in order (deletes always, upserts when
 * not older than the cached row), the cache converges to the server's state.
 */
import type { RawBuilder } from 'kysely';
import type { Database } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import { formatCursor, parseBootstrapPage, syncEntities, type SyncEntity } from '../../shared/sync/protocol';
import { ApiError } from '../http/errors';
import { entityDefs, redactedFor } from './entities';

interface PageKey {
  /** index into syncEntities */
  e: number;
  /** last id sent of that entity */
  id: number;
  /** seq of the first page's snapshot: the cursor the client continues from */
  s: number;
  /** per-entity totals, counted once on the first page */
  c: Record<string, number>;
  /**
   * The epoch of the first page (the user's scopes then): a bootstrap whose scopes change
   * half-way ends on that epoch's cursor, so its next pull starts over instead of keeping the
   * earlier pages' rows.
   */
  p?: string;
}

const encodeKey = (k: PageKey): string => Buffer.from(JSON.stringify(k)).toString('base64url');
function decodeKey(raw: string): PageKey {
  try {
    const k = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageKey;
    // Safe integers only: an id of 2^63 or 1e300 passes Number.isInteger and then fails in SQL.
    const counts = k.c as unknown;
    const countsOk = typeof counts === 'object' && counts !== null && !Array.isArray(counts) && Object.values(counts).every((n) => Number.isSafeInteger(n));
    const epochOk = k.p === undefined || (typeof k.p === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(k.p));
    if (epochOk && Number.isInteger(k.e) && k.e >= 0 && k.e < syncEntities.length && Number.isSafeInteger(k.id) && Number.isSafeInteger(k.s) && countsOk) return k;
  } catch {
    // fall through to the refusal below
  }
  throw new ApiError(400, 'invalid_page_key', 'after: not a page key this server handed out', 'query.after');
}

export interface BootstrapEnd {
  end: true;
  snapshotCursor: string;
  next: string | null;
  counts: Record<string, number>;
}

export interface BootstrapPage {
  rows: Array<{ entity: SyncEntity; row: Record<string, unknown> }>;
  end: BootstrapEnd;
}

/** A page with its rows parsed (for tests and tools; the route sends `bootstrapLines`). */
export async function bootstrapPage(db: Database, epoch: string, scopes: string[], after: string | undefined, limit: number): Promise<BootstrapPage> {
  const page = await bootstrapLines(db, epoch, scopes, after, limit);
  const { rows } = parseBootstrapPage([...page.chunks, JSON.stringify(page.end)].join('\n'));
  return { rows, end: page.end };
}

/** Which of an entity's rows the user receives: all of them, or those whose scopes meet the user's. */
function rowFilter(entity: SyncEntity, scopes: string[]): RawBuilder<boolean> {
  const def = entityDefs[entity];
  return def.everyRowIn.some((s) => scopes.includes(s)) ? sql`true` : sql`(${def.scopes}) && ${scopes}::text[]`;
}

/** The columns line before an entity's rows. */
const columnsLineOf = Object.fromEntries(syncEntities.map((entity) => [entity, JSON.stringify({ entity, columns: entityDefs[entity].fields })])) as Record<SyncEntity, string>;

/**
 * A page as chunks of NDJSON lines, one chunk per entity read: the entity's columns line,
 * then its rows as JSON arrays. The database writes each chunk's rows whole (joined by
 * newlines): handing back one text instead of a result row per entity row is several times
 * faster on PGlite, where every result row costs a trip through its protocol parser, and the
 * server then passes the text on unread.
 */
export async function bootstrapLines(db: Database, epoch: string, scopes: string[], after: string | undefined, limit: number): Promise<{ chunks: string[]; end: BootstrapEnd }> {
  return db.transaction(async (tx) => {
    const qb = queryBuilder(tx);
    const head = await qb.selectFrom('syncCounter').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    let key: PageKey;
    if (after) key = decodeKey(after);
    else {
      const c: Record<string, number> = {};
      for (const entity of syncEntities) {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${entityDefs[entity].from} WHERE ${rowFilter(entity, scopes)}`.execute(qb);
        c[entity] = rows[0]!.n;
      }
      key = { e: 0, id: 0, s: head.seq, c, p: epoch };
    }
    const chunks: string[] = [];
    let rows = 0;
    let { e, id } = key;
    while (e < syncEntities.length && rows < limit) {
      const entity = syncEntities[e]!;
      const def = entityDefs[entity];
      const want = limit - rows;
      const { rows: [batch] } = await sql<{ lines: string | null; n: number; last: number | null }>`
        SELECT string_agg(${def.array}::text, E'\n') AS lines, count(*)::int AS n, max(x.id) AS last
          FROM (SELECT ${redactedFor(entity, scopes) ? def.redactedColumns! : def.columns} FROM ${def.from} WHERE t.id > ${id} AND ${rowFilter(entity, scopes)}
                 ORDER BY t.id LIMIT ${want}) x`.execute(qb);
      if (batch!.lines) chunks.push(`${columnsLineOf[entity]}\n${batch!.lines}`);
      rows += batch!.n;
      if (batch!.n < want) {
        e += 1;
        id = 0;
      } else id = batch!.last!;
    }
    const next = e < syncEntities.length ? encodeKey({ ...key, e, id }) : null;
    return { chunks, end: { end: true, snapshotCursor: formatCursor(key.p ?? epoch, key.s), next, counts: key.c } };
  }, 'repeatable read');
}
