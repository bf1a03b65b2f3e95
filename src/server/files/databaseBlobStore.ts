/**
 * Blobs in PostgreSQL (migration 018), for several server processes on one database: a
 * `blobs` row per blob and its bytes in 256 KiB `blob_chunks` rows. Chunked rows rather than
 * large objects: they are plain rows (kysely, pg_dump, replication, row-level DELETE with the
 * blob, no lo_unlink to forget), and a Range needs only the chunks it covers.
 *
 * A write streams its chunks under a pending row (no sha256 yet: no reader finds it), each
 * chunk its own statement, so memory holds one chunk whatever the size. At the end the row
 * takes its hash; when the unique index says another writer (this process or another) got
 * there first, the row and its chunks go again and the other copy is the blob. A crashed
 * writer's pending row is swept a day later by a write (any process, at most hourly).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database, Queryable } from '../db/database';
import { isUniqueViolation } from '../db/pgErrors';
import { queryBuilder } from '../db/queryBuilder';
import { assertSha, type BlobStore, type ByteRange, type StoredBlob } from './blobStore';

export const chunkBytes = 256 * 1024;
const stalePendingMs = 24 * 3_600_000;

/** The source's bytes in pieces of exactly `size` bytes (the last one shorter), holding at most one piece plus one read. */
async function* chunked(source: AsyncIterable<Buffer | string>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const read of source) {
    let piece = typeof read === 'string' ? Buffer.from(read) : read;
    while (held + piece.length >= size) {
      const take = size - held;
      parts.push(piece.subarray(0, take));
      yield Buffer.concat(parts, size);
      piece = piece.subarray(take);
      parts = [];
      held = 0;
    }
    if (piece.length) {
      parts.push(piece);
      held += piece.length;
    }
  }
  if (held) yield Buffer.concat(parts, held);
}

export class DatabaseBlobStore implements BlobStore {
  readonly kind = 'database';
  private sweptAt = 0;

  constructor(private readonly db: Database) {}

  /** At most hourly, on a write: rows of writes that never finished (their process died). */
  private async sweepStale(): Promise<void> {
    if (Date.now() - this.sweptAt < 3_600_000) return;
    this.sweptAt = Date.now();
    await queryBuilder(this.db).deleteFrom('blobs').where('sha256', 'is', null).where('createdAt', '<', Date.now() - stalePendingMs).execute();
  }

  async put(source: Readable): Promise<StoredBlob> {
    await this.sweepStale();
    const qb = queryBuilder(this.db);
    const { id } = await qb.insertInto('blobs').values({ createdAt: Date.now() }).returning('id').executeTakeFirstOrThrow();
    const hash = createHash('sha256');
    let size = 0;
    try {
      let n = 0;
      for await (const data of chunked(source, chunkBytes)) {
        hash.update(data);
        size += data.length;
        await qb.insertInto('blobChunks').values({ blobId: id, n: n++, data }).execute();
      }
      const sha256 = hash.digest('hex');
      try {
        await qb.updateTable('blobs').set({ sha256, size }).where('id', '=', id).execute();
      } catch (err) {
        // The same bytes finished first elsewhere: that copy is the blob, this one goes.
        if (!isUniqueViolation(err)) throw err;
        await qb.deleteFrom('blobs').where('id', '=', id).execute();
      }
      return { sha256, size };
    } catch (err) {
      await qb.deleteFrom('blobs').where('id', '=', id).where('sha256', 'is', null).execute().catch(() => undefined);
      throw err;
    }
  }

  get(sha256: string, range?: ByteRange): Readable {
    assertSha(sha256);
    const db = this.db;
    async function* read(): AsyncGenerator<Buffer> {
      const qb = queryBuilder(db);
      const blob = await qb.selectFrom('blobs').select(['id', 'size']).where('sha256', '=', sha256).executeTakeFirst();
      if (!blob) throw Object.assign(new Error(`blob ${sha256} is not stored`), { code: 'ENOENT' });
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? blob.size - 1, blob.size - 1);
      if (end < start) return;
      const first = Math.floor(start / chunkBytes);
      const last = Math.floor(end / chunkBytes);
      for (let n = first; n <= last; n++) {
        // Only the bytes of the range leave the database: substring() of an uncompressed
        // (STORAGE EXTERNAL) value reads just those TOAST pages.
        const from = n === first ? start - n * chunkBytes : 0;
        const to = n === last ? end - n * chunkBytes : chunkBytes - 1;
        const row = await qb
          .selectFrom('blobChunks')
          .select((eb) => eb.fn<Uint8Array>('substring', [eb.ref('data'), eb.val(from + 1), eb.val(to - from + 1)]).as('data'))
          .where('blobId', '=', blob.id)
          .where('n', '=', n)
          .executeTakeFirst();
        // Deleted while it was read (its last row went meanwhile): the download ends in an error, never short without one.
        if (!row) throw new Error(`blob ${sha256} lost chunk ${n} while it was read`);
        yield Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
      }
    }
    // Byte mode with a small buffer: one chunk is read ahead at most.
    return Readable.from(read(), { objectMode: false, highWaterMark: 64 * 1024 });
  }

  async size(sha256: string, q: Queryable = this.db): Promise<number | null> {
    assertSha(sha256);
    const row = await queryBuilder(q).selectFrom('blobs').select('size').where('sha256', '=', sha256).executeTakeFirst();
    return row ? row.size : null;
  }

  async has(sha256: string, q?: Queryable): Promise<boolean> {
    return (await this.size(sha256, q)) !== null;
  }

  async delete(sha256: string, q: Queryable = this.db): Promise<void> {
    assertSha(sha256);
    await queryBuilder(q).deleteFrom('blobs').where('sha256', '=', sha256).execute();
  }

  async inventory(): Promise<{ stored: string[]; pending: number }> {
    const rows = await queryBuilder(this.db).selectFrom('blobs').select('sha256').execute();
    const stored = rows.flatMap((r) => (r.sha256 === null ? [] : [r.sha256]));
    return { stored, pending: rows.length - stored.length };
  }
}
