/**
 * File contents (file-area files, ticket attachments, held mail, console installers) are
 * addressed by their sha256: identical uploads are stored once, and a row only names its
 * blob. `BlobStore` is the one interface the routes, the update feed, mail ingest and the
 * seed use; two stores implement it: on disk (DATA_DIR/blobs, the embedded default) and in
 * PostgreSQL's own tables (databaseBlobStore.ts), so several server processes share one
 * store and one backup. `openBlobStore` picks one from the configuration.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Database, Queryable } from '../db/database';
import { writeHashed } from '../http/writeHashed';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Inclusive byte offsets, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * `q`, where a method takes one: the caller's open transaction. The database store runs its
 * statement there, so a caller holding a connection (and the blob's advisory lock) never
 * waits for a second one from the pool; the disk store ignores it.
 */
export interface BlobStore {
  readonly kind: 'disk' | 'database';
  /**
   * Stores the stream's bytes, reading it as it arrives (never the whole of it in memory);
   * resolves once they are durable under their hash. The same bytes twice, even from two
   * processes at once, end as one blob. A failed or aborted stream leaves nothing behind.
   */
  put(source: Readable): Promise<StoredBlob>;
  /** The blob's bytes (a part of them with `range`, reading only that part); the stream errors if the blob is missing. */
  get(sha256: string, range?: ByteRange): Readable;
  has(sha256: string, q?: Queryable): Promise<boolean>;
  /** The blob's size in bytes, or null when it is not stored. */
  size(sha256: string, q?: Queryable): Promise<number | null>;
  delete(sha256: string, q?: Queryable): Promise<void>;
  /** The hashes of every stored blob, and how many writes are unfinished (tests, imports). */
  inventory(): Promise<{ stored: string[]; pending: number }>;
}

export type BlobStoreKind = BlobStore['kind'];

const shaPattern = /^[0-9a-f]{64}$/;

export function assertSha(sha256: string): void {
  // The hash becomes a path: anything else must never reach the file system.
  if (!shaPattern.test(sha256)) throw new Error(`not a sha256: ${JSON.stringify(sha256)}`);
}

/** Temp files older than this were left by a crashed write; a live write never takes that long to finish. */
const staleTempMs = 24 * 3_600_000;

/**
 * DATA_DIR/blobs/ab/cd/<sha256>. A write goes to DATA_DIR/blobs/tmp while it is hashed, is
 * fsynced, then renamed into place: a reader sees a whole blob or none, and two writers of
 * the same bytes both end with the one file.
 */
export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk';
  private readonly tmpDir: string;
  private ready: Promise<void> | null = null;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  pathOf(sha256: string): string {
    assertSha(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Creates the folders and clears temp files a crashed process left behind (once per store). */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.tmpDir, { recursive: true });
      const now = Date.now();
      for (const name of await readdir(this.tmpDir)) {
        const file = path.join(this.tmpDir, name);
        const info = await stat(file).catch(() => null);
        if (info && now - info.mtimeMs > staleTempMs) await rm(file, { force: true });
      }
    })();
    return this.ready;
  }

  async put(source: Readable): Promise<StoredBlob> {
    await this.prepare();
    const tmp = path.join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    let written: { digest: Buffer; size: number };
    try {
      written = await writeHashed(source, tmp, 'sha256', { flags: 'wx' });
      // Durable before it gets its name: a crash must not leave a short blob under a full hash.
      const file = await open(tmp, 'r+');
      await file.sync().finally(() => file.close());
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const sha256 = written.digest.toString('hex');
    const size = written.size;
    const final = this.pathOf(sha256);
    await mkdir(path.dirname(final), { recursive: true });
    // Same bytes, same name: replacing an existing copy is harmless, and rename is atomic.
    await rename(tmp, final);
    return { sha256, size };
  }

  get(sha256: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async size(sha256: string): Promise<number | null> {
    const info = await stat(this.pathOf(sha256)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async inventory(): Promise<{ stored: string[]; pending: number }> {
    const list = async (dir: string): Promise<string[]> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
      const out: string[] = [];
      for (const e of entries) {
        if (e.isDirectory() && e.name !== 'tmp') out.push(...(await list(path.join(dir, e.name))));
        else if (e.isFile() && shaPattern.test(e.name)) out.push(e.name);
      }
      return out;
    };
    const pending = await readdir(this.tmpDir).catch(() => []);
    return { stored: await list(this.root), pending: pending.length };
  }
}

/** Where the disk store keeps blobs: DATA_DIR/blobs. */
export const blobDir = (config: { dataDir: string }): string => path.join(config.dataDir, 'blobs');
