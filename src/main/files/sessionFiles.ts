/**
 * A signed-in session's file work: downloads into the blob cache, staging uploads, and the
 * upload sender, woken when the server comes back, when a reply's server copy arrives (its
 * attachments can go), and when something is staged. The blob cache itself is the data
 * folder's (`blobs/`), shared by every session: its names are contents, not anyone's rows.
 */
import path from 'node:path';
import type { FileRef, UploadItem, UploadTarget } from '../../shared/console/fileSchemas';
import type { Cache } from '../cache/cacheDatabase';
import type { Emit } from '../../shared/console/consoleApi';
import { ConsoleError } from '../console/consoleErrors';
import type { FetchImpl } from '../console/staffApi';
import type { SyncEngine } from '../sync/syncEngine';
import { BlobCache } from './blobCache';
import { FileDownloads, fileRow } from './fileDownloads';
import { readFileTree } from './fileTree';
import { enqueueUpload, listUploads, recoverInterrupted } from './uploadQueue';
import { UploadSender } from './uploadSender';

export interface SessionFilesOptions {
  dataDir: string;
  cache: Cache;
  engine: SyncEngine;
  serverUrl: string;
  token: string;
  userId: number;
  fetch: FetchImpl;
  now(): number;
  emit: Emit;
  uploadBackoff?: { baseMs: number; maxMs: number };
}

export const blobCacheOf = (dataDir: string): BlobCache => new BlobCache(path.join(dataDir, 'blobs'));

export class SessionFiles {
  readonly blobs: BlobCache;
  readonly downloads: FileDownloads;
  readonly sender: UploadSender;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly opts: SessionFilesOptions) {
    this.blobs = blobCacheOf(opts.dataDir);
    this.downloads = new FileDownloads({
      reader: opts.cache.reader, blobs: this.blobs, fetch: opts.fetch, serverUrl: opts.serverUrl, token: opts.token, now: opts.now,
      progress: (p) => {
        opts.emit('fileProgress', p);
        // The tree's and attachments' "available offline" marks change when one finishes.
        if (p.state === 'done') opts.emit('entitiesChanged', { entities: ['blobs'], ticketIds: [] });
      },
    });
    this.sender = new UploadSender({
      cache: opts.cache, blobs: this.blobs, fetch: opts.fetch, serverUrl: opts.serverUrl, token: opts.token, userId: opts.userId, now: opts.now,
      isOnline: () => opts.engine.status.online,
      pull: () => opts.engine.pull(),
      changed: () => opts.emit('entitiesChanged', { entities: ['uploads'], ticketIds: [] }),
      backoff: opts.uploadBackoff,
    });
  }

  start(): void {
    recoverInterrupted(this.opts.cache.writer);
    let wasOnline = this.opts.engine.status.online;
    this.unsubscribe.push(
      this.opts.engine.on('status', (s) => {
        if (s.online && !wasOnline) this.sender.kick({ now: true });
        wasOnline = s.online;
      }),
      // A reply's server copy arriving (or being refused) decides its attachments.
      this.opts.engine.on('changed', (c) => {
        if (c.entities.includes('message') || c.entities.length === 0) this.sender.kick();
      }),
    );
    this.sender.kick();
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.downloads.close();
    await this.sender.stop();
  }

  tree() {
    return readFileTree(this.opts.cache.reader, this.blobs, (sha) => this.downloads.progressOf(sha));
  }

  /** The cached blob of a file or attachment; `not_cached` until it was downloaded. */
  async cachedBlob(ref: FileRef): Promise<{ path: string; sha256: string; name: string }> {
    const row = fileRow(this.opts.cache.reader, ref);
    if (!(await this.blobs.has(row.sha256))) {
      throw new ConsoleError({ code: 'not_cached', message: `"${row.name}" is not downloaded to this console yet: download it first` });
    }
    return { path: this.blobs.pathOf(row.sha256), sha256: row.sha256, name: row.name };
  }

  /** Keeps the bytes in the blob cache and queues the upload; the sender takes it from there. */
  async stage(name: string, bytes: Buffer, target: UploadTarget): Promise<UploadItem> {
    const sha256 = await this.blobs.put(bytes);
    const id = enqueueUpload(this.opts.cache.writer, { name, size: bytes.length, sha256, target, now: this.opts.now() });
    this.opts.emit('entitiesChanged', { entities: ['uploads', 'blobs'], ticketIds: [] });
    this.sender.kick();
    return this.uploads({}).find((u) => u.id === id)!;
  }

  uploads(filter: { ticketId?: number }): UploadItem[] {
    return listUploads(this.opts.cache.reader, filter);
  }
}
