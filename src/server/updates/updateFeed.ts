/**
 * The console's update feed on disk: `DATA_DIR/updates/<platform>/<file>` for the installers
 * admins upload, a `.meta/<file>.json` beside each (version, sha512, size, when), and the
 * channel file electron-updater's generic provider reads first (`latest.yml` on Windows,
 * `latest-mac.yml`, `latest-linux.yml`). The server writes the channel file itself from what it
 * hashed while storing the bytes, so its sha512 and size always match the file served.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yaml from 'js-yaml';
import semver from 'semver';
import { z } from 'zod';
import { ApiError } from '../http/errors';
import { writeHashed } from '../http/writeHashed';

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

export class UpdateFeed {
  /** Channel files are rewritten one at a time, so two uploads cannot interleave their writes. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(readonly root: string) {}

  platformDir(platform: UpdatePlatform): string {
    return path.join(this.root, platform);
  }

  filePath(platform: UpdatePlatform, file: string): string {
    return path.join(this.platformDir(platform), file);
  }

  private metaPath(platform: UpdatePlatform, file: string): string {
    return path.join(this.platformDir(platform), '.meta', `${file}.json`);
  }

  /**
   * Streams an upload into the platform's folder, hashing as it goes: into a temporary file
   * first, renamed over the old one only when it arrived whole, so a download never sees half
   * a file and a failed upload leaves the previous one in place.
   */
  async store(platform: UpdatePlatform, file: string, body: Readable): Promise<SavedUpload> {
    await mkdir(path.join(this.platformDir(platform), '.meta'), { recursive: true });
    const temp = path.join(this.platformDir(platform), `.upload-${randomBytes(8).toString('hex')}`);
    try {
      const { digest, size } = await writeHashed(body, temp, 'sha512', { mode: 0o640 });
      if (size === 0) throw new ApiError(400, 'validation_failed', 'body: the file is empty', 'body');
      await rename(temp, this.filePath(platform, file));
      return { size, sha512: digest.toString('base64') };
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** Records a stored file and rewrites the platform's channel file. */
  async recorded(platform: UpdatePlatform, file: string, version: string, saved: SavedUpload, now: number): Promise<ChannelInfo | null> {
    const meta: FileMeta = { version, sha512: saved.sha512, size: saved.size, uploadedAt: now };
    await writeAtomically(this.metaPath(platform, file), JSON.stringify(meta));
    return this.rewriteChannel(platform);
  }

  /** Removes a file (and its record) and rewrites the channel file; false when there was none. */
  async remove(platform: UpdatePlatform, file: string): Promise<boolean> {
    const existed = await exists(this.filePath(platform, file));
    await rm(this.filePath(platform, file), { force: true });
    await rm(this.metaPath(platform, file), { force: true });
    await this.rewriteChannel(platform);
    return existed;
  }

  /** Every stored file of the platform with its record, newest version first. */
  async list(platform: UpdatePlatform): Promise<Array<FileMeta & { file: string }>> {
    let names: string[];
    try {
      names = await readdir(this.platformDir(platform));
    } catch {
      return [];
    }
    const out: Array<FileMeta & { file: string }> = [];
    for (const file of names) {
      if (file.startsWith('.') || file === channelFileNames[platform] || !fileKind(platform, file)) continue;
      const meta = await this.meta(platform, file);
      if (meta) out.push({ file, ...meta });
    }
    return out.sort((a, b) => semver.rcompare(a.version, b.version) || a.file.localeCompare(b.file));
  }

  private async meta(platform: UpdatePlatform, file: string): Promise<FileMeta | null> {
    try {
      return FileMeta.parse(JSON.parse(await readFile(this.metaPath(platform, file), 'utf8')));
    } catch {
      return null;
    }
  }

  private rewriteChannel(platform: UpdatePlatform): Promise<ChannelInfo | null> {
    const run = this.writing.then(async () => {
      const info = channelInfo(platform, await this.list(platform));
      const target = this.filePath(platform, channelFileNames[platform]);
      if (info) await writeAtomically(target, channelFileText(info));
      else await rm(target, { force: true });
      return info;
    });
    this.writing = run.catch(() => undefined);
    return run;
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

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
