/**
 * Bootstrap pages: the user's rows, entity after entity in id order. Each page is read in one
 * REPEATABLE READ transaction together with the head seq, so the page and its cursor agree.
 * A later page may be newer than the first; the client pulls changes from the *first* page's
 * cursor, and since every change after it is replayed in order (deletes always, upserts when
 * not older than the cached row), the cache converges to the server's state.
 */
import type { Database } from '../db/database';
import { formatCursor, syncEntities, type SyncEntity } from '../../shared/sync/protocol';
import { ApiError } from '../http/errors';
import { entityDefs } from './entities';

interface PageKey {
  /** index into syncEntities */
  e: number;
  /** last id sent of that entity */
  id: number;
  /** seq of the first page's snapshot: the cursor the client continues from */
  s: number;
  /** per-entity totals, counted once on the first page */
  c: Record<string, number>;
}

const encodeKey = (k: PageKey): string => Buffer.from(JSON.stringify(k)).toString('base64url');
function decodeKey(raw: string): PageKey {
  try {
    const k = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageKey;
    if (Number.isInteger(k.e) && k.e >= 0 && k.e < syncEntities.length && Number.isInteger(k.id) && Number.isInteger(k.s) && typeof k.c === 'object') return k;
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
  return { rows: page.lines.map((l) => JSON.parse(l) as BootstrapPage['rows'][number]), end: page.end };
}

/**
 * A page as its NDJSON row lines, each row serialised by the database (`jsonb::text`): the
 * server hands the text through instead of parsing every row into an object and writing it
 * out again, which was most of its time per bootstrap page.
 */
export async function bootstrapLines(db: Database, epoch: string, scopes: string[], after: string | undefined, limit: number): Promise<{ lines: string[]; end: BootstrapEnd }> {
  return db.transaction(async (tx) => {
    const [head] = await tx.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1');
    let key: PageKey;
    if (after) key = decodeKey(after);
    else {
      const c: Record<string, number> = {};
      for (const entity of syncEntities) {
        const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${entityDefs[entity].select}) x WHERE x.__scopes && $1::text[]`, [scopes]);
        c[entity] = row!.n;
      }
      key = { e: 0, id: 0, s: head!.seq, c };
    }
    const lines: string[] = [];
    let { e, id } = key;
    while (e < syncEntities.length && lines.length < limit) {
      const entity = syncEntities[e]!;
      const want = limit - lines.length;
      const batch = await tx.query<{ id: number; row: string }>(
        `SELECT x.id, (to_jsonb(x) - '__scopes')::text AS row FROM (${entityDefs[entity].select} WHERE t.id > $2) x
          WHERE x.__scopes && $1::text[] ORDER BY x.id LIMIT $3`,
        [scopes, id, want],
      );
      const prefix = `{"entity":${JSON.stringify(entity)},"row":`;
      for (const b of batch) lines.push(`${prefix}${b.row}}`);
      if (batch.length < want) {
        e += 1;
        id = 0;
      } else id = batch.at(-1)!.id;
    }
    const next = e < syncEntities.length ? encodeKey({ ...key, e, id }) : null;
    return { lines, end: { end: true, snapshotCursor: formatCursor(epoch, key.s), next, counts: key.c } };
  }, 'repeatable read');
}
