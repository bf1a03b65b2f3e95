/**
 * Handing a cached file to the user. The blob is named by its sha256, so it is first copied
 * under its real name into `opened/<sha256>/<name>` in the data folder. The desktop app then
 * shows that copy in the file manager (it never runs it: customers' attachments may be
 * anything); the web host, which cannot reach the user's disk, gets a one-use, short-lived
 * download address to serve it from with an attachment Content-Disposition.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { OpenedFile } from '../../shared/console/fileSchemas';
import { localFileName } from '../../shared/files/fileNames';

/** The web host's path for a download address (followed by the token). */
export const openedFilePath = '/console-files/';
const tokenLifetimeMs = 60_000;

export interface OpenedFileSource {
  path: string;
  name: string;
}

export class FileOpener {
  private readonly tokens = new Map<string, OpenedFileSource & { expires: number }>();

  constructor(
    private readonly dataDir: string,
    /** The desktop shell's "show in folder"; absent in the web host. */
    private readonly reveal: ((file: string) => void) | undefined,
    private readonly now: () => number,
  ) {}

  async open(blobPath: string, sha256: string, name: string): Promise<z.infer<typeof OpenedFile>> {
    // The server refuses unsafe names; a file stored before a rule came in gets a name this disk
    // (and a Windows one, where the browser saves a download) can hold, never its own.
    const safe = localFileName(name, sha256);
    if (!this.reveal) return { shown: false, downloadUrl: openedFilePath + this.issue({ path: blobPath, name: safe }) };
    const dir = path.join(this.dataDir, 'opened', sha256);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const copy = path.join(dir, safe);
    await copyFile(blobPath, copy);
    this.reveal(copy);
    return { shown: true, downloadUrl: null };
  }

  /** The file a download address stands for, once (null when unknown, used or expired). */
  take(token: string): OpenedFileSource | null {
    const entry = this.tokens.get(token);
    this.tokens.delete(token);
    if (!entry || entry.expires < this.now()) return null;
    return { path: entry.path, name: entry.name };
  }

  private issue(source: OpenedFileSource): string {
    const now = this.now();
    for (const [t, e] of this.tokens) if (e.expires < now) this.tokens.delete(t);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { ...source, expires: now + tokenLifetimeMs });
    return token;
  }
}
