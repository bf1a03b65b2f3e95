/**
 * Upgrades at start, once: files that older versions kept on disk move into the store this
 * version uses, then their folder is renamed (`.imported-<time>`), never deleted, so the
 * operator removes it after a backup of the new store.
 *
 * - DATA_DIR/updates/<platform>/<file> with `.meta/<file>.json` (the update feed before
 *   migration 018) becomes blobs and `update_files` rows, on either store.
 * - DATA_DIR/blobs, when the blobs now live in PostgreSQL (BLOB_STORE=database, the default
 *   there): every blob is copied in, checked against its hash.
 *
 * Both are safe to run by several processes at once (content addressing, ON CONFLICT DO
 * NOTHING); a file that vanishes meanwhile (another process renamed the folder) is skipped.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { queryBuilder } from '../db/queryBuilder';
import type { ServerContext } from '../serverContext';
import { fileKind, FileMeta, updatePlatforms } from '../updates/updateFeed';
import { blobDir, DiskBlobStore } from './blobStore';
import { sweepBlob } from './fileStore';

const setAsideName = (dir: string) => `${dir}.imported-${new Date().toISOString().replace(/[:.]/g, '-')}`;

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Moves the folder aside; another process may have done it first. */
async function setAside(dir: string): Promise<string | null> {
  const to = setAsideName(dir);
  try {
    await rename(dir, to);
    return to;
  } catch (err) {
    if (missing(err)) return null;
    throw err;
  }
}

export async function importLegacyUpdateFeed(ctx: ServerContext): Promise<number> {
  const root = path.join(ctx.config.dataDir, 'updates');
  if (!(await entries(root)).length) return 0;
  let imported = 0;
  for (const platform of updatePlatforms) {
    const dir = path.join(root, platform);
    for (const metaName of await entries(path.join(dir, '.meta'))) {
      const file = metaName.replace(/\.json$/, '');
      if (!metaName.endsWith('.json') || !fileKind(platform, file)) continue;
      try {
        const meta = FileMeta.parse(JSON.parse(await readFile(path.join(dir, '.meta', metaName), 'utf8')));
        const blob = await ctx.blobs.put(createReadStream(path.join(dir, file)));
        if (blob.size !== meta.size) throw new Error(`${platform}/${file} has ${blob.size} bytes, its record says ${meta.size}`);
        const row = await queryBuilder(ctx.db)
          .insertInto('updateFiles')
          .values({ platform, file, version: meta.version, sha256: blob.sha256, sha512: meta.sha512, size: meta.size, uploadedAt: meta.uploadedAt })
          .onConflict((oc) => oc.columns(['platform', 'file']).doNothing())
          .returning('file')
          .executeTakeFirst();
        if (row) imported++;
      } catch (err) {
        if (!missing(err)) throw err;
      }
    }
  }
  const moved = await setAside(root);
  if (moved) console.log(`Update feed: ${imported} files moved from ${root} into the ${ctx.blobs.kind} store; the old folder is now ${moved} (delete it after a backup)`);
  return imported;
}

export async function importDiskBlobs(ctx: ServerContext): Promise<number> {
  if (ctx.blobs.kind !== 'database') return 0;
  const root = blobDir(ctx.config);
  const disk = new DiskBlobStore(root);
  const { stored } = await disk.inventory();
  if (!stored.length) return 0;
  let imported = 0;
  for (const sha256 of stored) {
    if (await ctx.blobs.has(sha256)) continue;
    try {
      const blob = await ctx.blobs.put(createReadStream(disk.pathOf(sha256)));
      // A damaged file on disk is imported under its real hash, which no row names: say so.
      if (blob.sha256 !== sha256) {
        console.warn(`blob ${sha256} on disk does not match its hash (it hashes to ${blob.sha256}); the rows naming it will answer blob_missing`);
        await sweepBlob(ctx, blob.sha256);
      } else imported++;
    } catch (err) {
      if (!missing(err)) throw err;
    }
  }
  const moved = await setAside(root);
  if (moved) console.log(`Blob store: ${imported} blobs moved from ${root} into PostgreSQL; the old folder is now ${moved} (delete it after a backup)`);
  return imported;
}
