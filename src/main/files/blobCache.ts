/**
 * The console's local copy of file contents, by sha256: `blobs/<ab>/<sha256>` in the console's
 * data folder. A blob only ever appears by an atomic rename after its bytes were hashed, so a
 * name in here always holds exactly those bytes; a download in progress lives beside it as
 * `<sha256>.part`, so it can resume after an interruption or a restart. Content addressing
 * also means one copy however many files, attachments or users share the bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const shaPattern = /^[0-9a-f]{64}$/;

export class BlobCache {
  constructor(readonly root: string) {}

  /** Refuses anything but a sha256, so a bad row can never name a path outside the cache. */
  private dirOf(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new Error(`"${sha256.slice(0, 80)}" is not a sha256`);
    return path.join(this.root, sha256.slice(0, 2));
  }

  pathOf(sha256: string): string {
    return path.join(this.dirOf(sha256), sha256);
  }

  partPathOf(sha256: string): string {
    return `${this.pathOf(sha256)}.part`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await sizeOf(this.pathOf(sha256))) !== null;
  }

  /** Bytes an interrupted download left, 0 when none. */
  async partSize(sha256: string): Promise<number> {
    return (await sizeOf(this.partPathOf(sha256))) ?? 0;
  }

  async preparePart(sha256: string): Promise<string> {
    await mkdir(this.dirOf(sha256), { recursive: true, mode: 0o700 });
    return this.partPathOf(sha256);
  }

  /**
   * Makes a finished download the blob, if its bytes hash to `sha256`; a mismatch deletes the
   * part (resuming bad bytes would only repeat the mismatch) and throws BlobMismatchError.
   */
  async commitPart(sha256: string, size: number): Promise<void> {
    const part = this.partPathOf(sha256);
    const got = { size: (await sizeOf(part)) ?? 0, sha256: await hashFile(part) };
    if (got.sha256 !== sha256 || got.size !== size) {
      await rm(part, { force: true });
      throw new BlobMismatchError(sha256, size, got);
    }
    await rename(part, this.pathOf(sha256));
  }

  /** Stores bytes the console already holds (a staged upload); returns their sha256. */
  async put(bytes: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.has(sha256)) return sha256;
    await mkdir(this.dirOf(sha256), { recursive: true, mode: 0o700 });
    // A temp name of its own, then a rename: a crash never leaves a blob with half its bytes.
    const tmp = `${this.pathOf(sha256)}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, this.pathOf(sha256));
    return sha256;
  }
}

export class BlobMismatchError extends Error {
  constructor(
    readonly sha256: string,
    readonly size: number,
    readonly got: { size: number; sha256: string },
  ) {
    super(`the downloaded bytes (${got.size} bytes, sha256 ${got.sha256}) do not match the file (${size} bytes, sha256 ${sha256}); nothing was cached`);
    this.name = 'BlobMismatchError';
  }
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
