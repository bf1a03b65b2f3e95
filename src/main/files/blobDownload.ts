/**
 * One download into the blob cache, streamed to `<sha256>.part` (never whole in memory). What
 * an interrupted download left is resumed with `Range: bytes=<have>-` and `If-Range: "<sha256>"`
 * (the server's ETag), so the server sends the rest only if its bytes are still the ones the
 * part began with, else the whole file again. The bytes are hashed before the part becomes the
 * blob: a mismatch is an error, never a cached file.
 */
import { open, rm } from 'node:fs/promises';
import { ConsoleError } from '../console/consoleErrors';
import type { FetchImpl } from '../console/staffApi';
import type { BlobCache } from './blobCache';
import { reach, refusalOf } from './transferErrors';

export interface BlobDownload {
  fetch: FetchImpl;
  serverUrl: string;
  /** The staff download route of the file or attachment. */
  url: string;
  token: string;
  sha256: string;
  size: number;
  /** The file's name, for messages. */
  name: string;
  blobs: BlobCache;
  onProgress(received: number): void;
  signal?: AbortSignal;
}

const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** Downloads (or finishes downloading) one blob; returns how many bytes an earlier attempt had left. */
export async function downloadBlob(d: BlobDownload): Promise<{ resumedFrom: number }> {
  if (await d.blobs.has(d.sha256)) return { resumedFrom: 0 };
  const part = await d.blobs.preparePart(d.sha256);
  let have = await d.blobs.partSize(d.sha256);
  if (have > d.size) {
    await rm(part, { force: true });
    have = 0;
  }
  const resumedFrom = have;
  // The part already holds every byte (the process stopped before the rename): just check it.
  if (have === d.size && have > 0) {
    await d.blobs.commitPart(d.sha256, d.size);
    return { resumedFrom };
  }
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { authorization: `Bearer ${d.token}` };
    if (have > 0) Object.assign(headers, { range: `bytes=${have}-`, 'if-range': `"${d.sha256}"` });
    const res = await reach(d.fetch, d.serverUrl, d.url, { headers, signal: d.signal });
    if (res.status === 416 && attempt === 0) {
      // The part claims more than the server has: start over.
      await res.body?.cancel();
      await rm(part, { force: true });
      have = 0;
      continue;
    }
    if (res.status !== 200 && res.status !== 206) throw await refusalOf(res, `downloading "${d.name}"`);
    let start = 0;
    if (res.status === 206) {
      const m = contentRange.exec(res.headers.get('content-range') ?? '');
      start = m ? Number(m[1]) : -1;
      if (start !== have) {
        await res.body?.cancel();
        throw new ConsoleError({ code: 'bad_response', message: `downloading "${d.name}": the server resumed at byte ${start}, not at ${have}` });
      }
    }
    await receive(d, res, part, start);
    break;
  }
  await d.blobs.commitPart(d.sha256, d.size);
  return { resumedFrom };
}

/** Writes the body to the part from `start` (200: from 0, replacing what was there). */
async function receive(d: BlobDownload, res: Response, part: string, start: number): Promise<void> {
  const file = await open(part, start === 0 ? 'w' : 'a', 0o600);
  let received = start;
  d.onProgress(received);
  try {
    if (res.body) {
      for await (const chunk of res.body) {
        await file.write(chunk);
        received += chunk.length;
        if (received > d.size) throw new ConsoleError({ code: 'bad_response', message: `downloading "${d.name}": the server sent more than the file's ${d.size} bytes` });
        d.onProgress(received);
      }
    }
  } catch (err) {
    if (err instanceof ConsoleError) throw err;
    // The part keeps what arrived; the next fetch resumes from there.
    const cause = err instanceof Error ? err.message : String(err);
    throw new ConsoleError({
      code: 'transfer_interrupted',
      message: `the download of "${d.name}" stopped at ${received} of ${d.size} bytes (${cause}); fetch it again to resume`,
    });
  } finally {
    await file.close();
  }
}
