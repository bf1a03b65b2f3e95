/**
 * The console's update feed: the installers admins upload, each a blob of the blob store (on
 * disk or in PostgreSQL, as the server's other files) named by an `update_files` row
 * (platform, file, version, sha512, size, when), and the channel file electron-updater's
 * generic provider reads first (`latest.yml` on Windows, `latest-mac.yml`,
 * `latest-linux.yml`), written from those rows on each request: its sha512 and size are what
 * the server hashed while storing the bytes, and every server process answers the same.
 */
import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import yaml from 'js-yaml';
import semver from 'semver';
import { z } from 'zod';
import { queryBuilder } from '../db/queryBuilder';
import { ApiError } from '../http/errors';
import { lockBlob, sweepBlob } from '../files/fileStore';
import type { ServerContext } from '../serverContext';

export const updatePlatforms = ['linux', 'win', 'mac'] as const;
export type UpdatePlatform = (typeof updatePlatforms)[number];

/** The name electron-updater asks for on each platform (x64 Linux; other architectures are not built). */
export const channelFileNames: Record<UpdatePlatform, string> = { win: 'latest.yml', mac: 'latest-mac.yml', linux: 'latest-linux.yml' };

/**
 * What each platform's updater installs, in the order the channel file lists them: Squirrel.Mac
 * installs only from the zip (the dmg is for first installs), Linux updates an AppImage in place
 * or a deb through the package manager. `.blockmap` files (differential downloads) ride along.
 */
const installerExtensions: Record<UpdatePlatform, readonly string[]> = {
  win: ['.exe'],
  mac: ['.zip', '.dmg'],
  linux: ['.AppImage', '.deb'],
};

export const installerExtensionsOf = (platform: UpdatePlatform): readonly string[] => installerExtensions[platform];

/** The extension that decides how a file is treated, or null when the platform takes no such file. */
export function fileKind(platform: UpdatePlatform, file: string): { ext: string; blockmap: boolean } | null {
  const blockmap = file.endsWith('.blockmap');
  const base = blockmap ? file.slice(0, -'.blockmap'.length) : file;
  const ext = installerExtensions[platform].find((e) => base.endsWith(e) && base.length > e.length);
  return ext ? { ext, blockmap } : null;
}

export const FileMeta = z.object({
  version: z.string(),
  sha512: z.string(),
  size: z.number().int().nonnegative(),
  uploadedAt: z.number().int(),
});
export type FileMeta = z.infer<typeof FileMeta>;

/** One entry of a channel file's `files` list, as electron-updater reads it. */
export interface ChannelFileEntry {
  url: string;
  sha512: string;
  size: number;
}

export interface ChannelInfo {
  version: string;
  files: ChannelFileEntry[];
  /** The first file again, for updaters older than the `files` list. */
  path: string;
  sha512: string;
  releaseDate: string;
}

export interface SavedUpload {
  size: number;
  /** SHA-512 of the bytes, base64: the form electron-updater compares with the download. */
  sha512: string;
}

export interface StoredUpdateFile extends FileMeta {
  file: string;
  sha256: string;
}

export class UpdateFeed {
  constructor(private readonly ctx: ServerContext) {}

  /**
   * Streams an upload into the blob store, hashing it for electron-updater (SHA-512) on the
   * way, then names it `platform/file` (replacing an earlier upload of that name, whose blob
   * goes unless another row names it). Until the row is written, downloads get the previous
   * file; a failed upload leaves it in place and keeps no bytes.
   */
  async store(platform: UpdatePlatform, file: string, version: string, body: Readable): Promise<SavedUpload> {
    const sha512 = createHash('sha512');
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sha512.update(chunk);
        done(null, chunk);
      },
    });
    // pipeline: an error or early end on either side ends both, so the store never waits on a dead upload.
    const blob = await this.ctx.blobs.put(pipeline(body, tap, () => undefined));
    const saved: SavedUpload = { size: blob.size, sha512: sha512.digest('base64') };
    let replaced: string | undefined;
    try {
      if (blob.size === 0) throw new ApiError(400, 'validation_failed', 'body: the file is empty', 'body');
      replaced = await this.ctx.db.transaction(async (tx) => {
        // As for the file area (fileStore.ts): a sweep of the same bytes cannot remove them under this row.
        await lockBlob(tx, blob.sha256);
        if (!(await this.ctx.blobs.has(blob.sha256, tx))) throw new ApiError(503, 'upload_raced', 'the upload met a concurrent delete of the same content; send it again');
        const qb = queryBuilder(tx);
        const before = await qb.selectFrom('updateFiles').select('sha256').where('platform', '=', platform).where('file', '=', file).forUpdate().executeTakeFirst();
        const row = { version, sha256: blob.sha256, sha512: saved.sha512, size: saved.size, uploadedAt: this.ctx.clock.now() };
        await qb
          .insertInto('updateFiles')
          .values({ platform, file, ...row })
          .onConflict((oc) => oc.columns(['platform', 'file']).doUpdateSet(row))
          .execute();
        return before?.sha256;
      });
    } catch (err) {
      await sweepBlob(this.ctx, blob.sha256);
      throw err;
    }
    if (replaced && replaced !== blob.sha256) await sweepBlob(this.ctx, replaced);
    return saved;
  }

  /** Removes a file (its blob unless another row names it); false when there was none. */
  async remove(platform: UpdatePlatform, file: string): Promise<boolean> {
    const row = await queryBuilder(this.ctx.db).deleteFrom('updateFiles').where('platform', '=', platform).where('file', '=', file).returning('sha256').executeTakeFirst();
    if (row) await sweepBlob(this.ctx, row.sha256);
    return row !== undefined;
  }

  /** One stored file, or null. */
  async find(platform: UpdatePlatform, file: string): Promise<StoredUpdateFile | null> {
    const row = await queryBuilder(this.ctx.db)
      .selectFrom('updateFiles')
      .select(['file', 'version', 'sha256', 'sha512', 'size', 'uploadedAt'])
      .where('platform', '=', platform)
      .where('file', '=', file)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Every stored file of the platform with its record, newest version first. */
  async list(platform: UpdatePlatform): Promise<StoredUpdateFile[]> {
    const rows = await queryBuilder(this.ctx.db)
      .selectFrom('updateFiles')
      .select(['file', 'version', 'sha256', 'sha512', 'size', 'uploadedAt'])
      .where('platform', '=', platform)
      .execute();
    return rows.filter((r) => fileKind(platform, r.file)).sort((a, b) => semver.rcompare(a.version, b.version) || a.file.localeCompare(b.file));
  }

  /** What the platform's channel file says now; null when there is no installer. */
  async channel(platform: UpdatePlatform): Promise<ChannelInfo | null> {
    return channelInfo(platform, await this.list(platform));
  }
}

/** The newest version's installers, in the platform's order; null when there is no installer. */
export function channelInfo(platform: UpdatePlatform, files: Array<FileMeta & { file: string }>): ChannelInfo | null {
  const installers = files.filter((f) => !fileKind(platform, f.file)?.blockmap);
  const newest = installers[0];
  if (!newest) return null;
  const order = (file: string) => installerExtensions[platform].indexOf(fileKind(platform, file)!.ext);
  const release = installers.filter((f) => f.version === newest.version).sort((a, b) => order(a.file) - order(b.file));
  const first = release[0]!;
  return {
    version: newest.version,
    files: release.map((f) => ({ url: f.file, sha512: f.sha512, size: f.size })),
    path: first.file,
    sha512: first.sha512,
    releaseDate: new Date(Math.max(...release.map((f) => f.uploadedAt))).toISOString(),
  };
}

export function channelFileText(info: ChannelInfo): string {
  return yaml.dump(info, { lineWidth: -1 });
}
