/**
 * The session's downloads into the blob cache: which server route serves a cached file or
 * attachment row, one download per sha256 however many callers ask, and progress as the
 * `fileProgress` event (at most every 100 ms, plus the end) and for the tree to show.
 */
import type { FetchedFile, FileProgress, FileRef } from '../../shared/console/fileSchemas';
import type { CacheReader } from '../cache/cacheDatabase';
import { ConsoleError, notFound } from '../console/consoleErrors';
import type { FetchImpl } from '../console/staffApi';
import type { BlobCache } from './blobCache';
import { downloadBlob } from './blobDownload';
import type { z } from 'zod';

export interface CachedFileRow {
  name: string;
  size: number;
  sha256: string;
}

/** The cached row behind a file or attachment id, or not_found. */
export function fileRow(r: CacheReader, ref: FileRef): CachedFileRow {
  const row =
    ref.kind === 'file'
      ? r.statement('SELECT name, size, sha256 FROM files WHERE id = ?').get(ref.id)
      : r.statement('SELECT file_name AS name, size, sha256 FROM attachments WHERE id = ?').get(ref.id);
  if (!row) throw notFound(`${ref.kind} ${ref.id}`);
  return row as CachedFileRow;
}

export interface FileDownloadsOptions {
  reader: CacheReader;
  blobs: BlobCache;
  fetch: FetchImpl;
  serverUrl: string;
  token: string;
  progress(p: FileProgress): void;
  now(): number;
}

type Fetched = z.infer<typeof FetchedFile>;

export class FileDownloads {
  private readonly running = new Map<string, Promise<Fetched>>();
  private readonly received = new Map<string, { received: number; total: number }>();
  private readonly abort = new AbortController();

  constructor(private readonly opts: FileDownloadsOptions) {}

  /** Bytes so far of a download running now, by sha256. */
  progressOf(sha256: string): { received: number; total: number } | null {
    return this.received.get(sha256) ?? null;
  }

  fetch(ref: FileRef): Promise<Fetched> {
    const row = fileRow(this.opts.reader, ref);
    const key = row.sha256;
    let run = this.running.get(key);
    if (!run) {
      run = this.download(ref, row).finally(() => {
        this.running.delete(key);
        this.received.delete(key);
      });
      this.running.set(key, run);
    }
    return run;
  }

  close(): void {
    this.abort.abort(new Error('the session closed'));
  }

  private async download(ref: FileRef, row: CachedFileRow): Promise<Fetched> {
    const { serverUrl } = this.opts;
    const route = ref.kind === 'file' ? 'files' : 'attachments';
    let lastSent = 0;
    const report = (received: number, state: FileProgress['state'], error: string | null = null) =>
      this.opts.progress({ kind: ref.kind, id: ref.id, sha256: row.sha256, received, total: row.size, state, error });
    try {
      const { resumedFrom } = await downloadBlob({
        fetch: this.opts.fetch,
        serverUrl,
        url: `${serverUrl}/api/staff/${route}/${ref.id}/download`,
        token: this.opts.token,
        sha256: row.sha256,
        size: row.size,
        name: row.name,
        blobs: this.opts.blobs,
        signal: this.abort.signal,
        onProgress: (received) => {
          this.received.set(row.sha256, { received, total: row.size });
          const now = this.opts.now();
          if (now - lastSent < 100) return;
          lastSent = now;
          report(received, 'downloading');
        },
      });
      report(row.size, 'done');
      return { sha256: row.sha256, size: row.size, cached: true, resumedFrom };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      report(this.received.get(row.sha256)?.received ?? 0, 'failed', message);
      if (err instanceof ConsoleError) throw err;
      throw new ConsoleError({ code: 'download_failed', message: `downloading "${row.name}": ${message}` });
    }
  }
}
