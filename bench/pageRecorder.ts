/**
 * Records the bootstrap pages a server sends (to files, so they cost no memory) and replays
 * them to a second bootstrap. The replay measures the console side alone, parse, SQLite and
 * FTS, without the server's time per page.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export class PageRecorder {
  private readonly files = new Map<string, string>();
  private readonly writes: Array<Promise<void>> = [];

  constructor(private readonly dir: string) {}

  /** A fetch that tees every bootstrap page to a file on its way to the caller. */
  recording(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const res = await inner(input, init);
      const url = new URL(String(input));
      if (url.pathname !== '/api/sync/bootstrap' || !res.body) return res;
      const file = path.join(this.dir, `page-${this.files.size}.ndjson`);
      this.files.set(url.searchParams.get('after') ?? '', file);
      const [mine, theirs] = res.body.tee();
      this.writes.push(pipeline(Readable.fromWeb(mine as WebReadableStream<Uint8Array>), createWriteStream(file)));
      return new Response(theirs, { status: res.status, headers: res.headers });
    };
  }

  async flushed(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** A fetch that answers bootstrap requests from the recorded files and passes the rest on. */
  replaying(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname !== '/api/sync/bootstrap') return inner(input, init);
      const file = this.files.get(url.searchParams.get('after') ?? '');
      if (!file) throw new Error(`no recorded bootstrap page after "${url.searchParams.get('after')}"`);
      return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, { headers: { 'content-type': 'application/x-ndjson' } });
    };
  }
}
