/**
 * Records a user's bootstrap pages from the server (to files, so they cost no memory) and
 * replays them to a second bootstrap. The replay measures the console side alone (parse,
 * SQLite and FTS) without the server's time per page.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

export class PageRecorder {
  private readonly files = new Map<string, string>();

  constructor(private readonly dir: string) {}

  /**
   * Fetches every bootstrap page from the server into files, outside any measured part (teeing
   * the measured bootstrap's pages to disk would add the recording to its time).
   */
  async recordAll(serverUrl: string, token: string, limit: number): Promise<void> {
    let after: string | null = null;
    do {
      const url = new URL('/api/sync/bootstrap', serverUrl);
      url.searchParams.set('limit', String(limit));
      if (after) url.searchParams.set('after', after);
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`recording bootstrap page after "${after}": ${res.status}`);
      const text = await res.text();
      const file = path.join(this.dir, `page-${this.files.size}.ndjson`);
      this.files.set(after ?? '', file);
      writeFileSync(file, text);
      const end = JSON.parse(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)) as { next: string | null };
      after = end.next;
    } while (after);
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
