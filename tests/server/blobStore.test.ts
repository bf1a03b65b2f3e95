/**
 * The blob store's promises, the same for each store: on disk, and in the database (on
 * PostgreSQL, and on PGlite when BLOB_STORE=database). Content addressing (the same bytes
 * stored once, concurrent writers of them both succeed), a failed stream leaves nothing,
 * Range reads at chunk edges, and a delete.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/server/config/serverConfig';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { DiskBlobStore, type BlobStore } from '../../src/server/files/blobStore';
import { blobStoreKind, openBlobStore } from '../../src/server/files/openBlobStore';
import { chunkBytes, DatabaseBlobStore } from '../../src/server/files/databaseBlobStore';
import { bytes, sha256 } from '../support/fileArea';
import { backends, openTestDatabase } from '../support/testServer';

const read = async (r: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const p of r) parts.push(p as Buffer);
  return Buffer.concat(parts);
};

/** A stream of `content` in uneven pieces (as a socket gives them), failing after `failAfter` bytes when set. */
function source(content: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < content.length; at += 70_001) {
        if (failAfter !== undefined && at >= failAfter) throw new Error('connection reset');
        yield content.subarray(at, at + 70_001);
      }
    })(),
  );
}

const cases = [
  ['disk', 'pglite'],
  ['database', 'postgres'],
  ['database', 'pglite'],
] as const;

describe.each(cases)('the %s blob store on %s', (kind, backend) => {
  let db: Database;
  let store: BlobStore;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await migrate(db);
    store = kind === 'disk' ? new DiskBlobStore(path.join(mkdtempSync(path.join(tmpdir(), 'sb-blobs-')), 'blobs')) : new DatabaseBlobStore(db);
  });
  afterAll(() => db?.close());

  it('stores the same bytes once, even when written at once', async () => {
    const content = bytes(2 * chunkBytes + 3, 31);
    const results = await Promise.all(Array.from({ length: 4 }, () => store.put(source(content))));
    expect(results).toEqual(Array(4).fill({ sha256: sha256(content), size: content.length }));
    expect(await store.put(source(content))).toEqual({ sha256: sha256(content), size: content.length });
    const { stored, pending } = await store.inventory();
    expect(stored.filter((s) => s === sha256(content))).toHaveLength(1);
    expect(pending).toBe(0);
    expect(await store.size(sha256(content))).toBe(content.length);
    expect((await read(store.get(sha256(content)))).equals(content)).toBe(true);
  });

  it('keeps nothing of a stream that fails half-way', async () => {
    const before = await store.inventory();
    const content = bytes(3 * chunkBytes, 32);
    await expect(store.put(source(content, chunkBytes + 10))).rejects.toThrow('connection reset');
    expect(await store.inventory()).toEqual(before);
  });

  it('reads any range, at and across chunk edges, and an empty blob', async () => {
    const content = bytes(2 * chunkBytes + 100, 33);
    const { sha256: sha } = await store.put(source(content));
    for (const [start, end] of [[0, 0], [chunkBytes - 1, chunkBytes], [chunkBytes, 2 * chunkBytes - 1], [10, 2 * chunkBytes + 99], [2 * chunkBytes + 99, 2 * chunkBytes + 99]] as const) {
      expect((await read(store.get(sha, { start, end }))).equals(content.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    const empty = await store.put(Readable.from([]));
    expect(empty).toEqual({ sha256: sha256(Buffer.alloc(0)), size: 0 });
    expect(await store.size(empty.sha256)).toBe(0);
  });

  it('deletes a blob, after which reading it fails', async () => {
    const { sha256: sha } = await store.put(source(bytes(1000, 34)));
    await store.delete(sha);
    expect(await store.has(sha)).toBe(false);
    await expect(read(store.get(sha))).rejects.toThrow();
  });
});

describe.each(backends)('the database blob store on %s, after a writer crashed', (backend) => {
  it('sweeps the rows of a write left unfinished for a day on the next write, and keeps younger ones', async () => {
    const db = await openTestDatabase(backend);
    try {
      await migrate(db);
      const day = 24 * 3_600_000;
      await db.query('INSERT INTO blobs (created_at) VALUES ($1), ($2)', [Date.now() - day - 60_000, Date.now() - 60_000]);
      const [{ id }] = (await db.query<{ id: number }>('SELECT min(id)::int AS id FROM blobs')) as [{ id: number }];
      await db.query('INSERT INTO blob_chunks (blob_id, n, data) VALUES ($1, 0, $2)', [id, Buffer.from('half')]);
      const store = new DatabaseBlobStore(db);
      expect((await store.inventory()).pending).toBe(2);
      await store.put(source(bytes(10, 35)));
      expect((await store.inventory()).pending).toBe(1);
      expect(await db.query('SELECT 1 FROM blob_chunks WHERE blob_id = $1', [id])).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('choosing the blob store', () => {
  it('is the database on PostgreSQL and the disk on PGlite, unless BLOB_STORE says otherwise', () => {
    expect(blobStoreKind({}, { engine: 'postgres' })).toBe('database');
    expect(blobStoreKind({}, { engine: 'pglite' })).toBe('disk');
    expect(blobStoreKind({ blobStore: 'disk' }, { engine: 'postgres' })).toBe('disk');
    expect(blobStoreKind({ blobStore: 'database' }, { engine: 'pglite' })).toBe('database');
    expect(openBlobStore({ dataDir: tmpdir() }, { engine: 'postgres' } as Database).kind).toBe('database');
    expect(configFromEnv({ BLOB_STORE: 'disk' }).blobStore).toBe('disk');
    expect(() => configFromEnv({ BLOB_STORE: 's3' })).toThrow('BLOB_STORE must be "disk" or "database", got "s3"');
  });
});
