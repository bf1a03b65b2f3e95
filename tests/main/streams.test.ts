import { describe, expect, it } from 'vitest';
import { readNdjson } from '../../src/main/sync/ndjsonReader';
import { readSse, type SseMessage } from '../../src/main/sync/sseReader';
import { backoffDelay } from '../../src/shared/async/backoff';
import { LiveConnection, type LiveState } from '../../src/main/sync/liveConnection';

/** A byte stream cut at the given positions, to hit every chunk boundary case. */
function chunked(text: string, cuts: number[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  return new ReadableStream({
    start(controller) {
      for (let i = 1; i < points.length; i++) controller.enqueue(bytes.slice(points[i - 1], points[i]));
      controller.close();
    },
  });
}

describe('stream readers', () => {
  it('reads NDJSON lines whatever the chunk boundaries, multi-byte characters included', async () => {
    const lines = [{ entity: 'message', row: { id: 1, body: 'Grüße — 你好 😀' } }, { entity: 'message', row: { id: 2, body: 'ß' } }, { end: true, next: null }];
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const byteLength = new TextEncoder().encode(text).length;
    // Every byte position, so each multi-byte character is cut in each of its places.
    for (let cut = 1; cut < byteLength; cut += 1) {
      const got: unknown[] = [];
      await readNdjson(chunked(text, [cut, cut + 1, cut + 7]), (v) => got.push(v));
      expect(got).toEqual(lines);
    }
    // The last line without its newline, and blank lines between.
    const got: unknown[] = [];
    await readNdjson(chunked(text.replace('\n', '\n\n').trimEnd(), [5]), (v) => got.push(v));
    expect(got).toEqual(lines);
  });

  it('parses SSE events, comments and CRLF line ends across chunks', async () => {
    const text = ': keep-alive\r\n\r\nevent: poke\r\ndata: {"seq":5}\r\n\r\nevent: presence\ndata: {"a":1}\ndata: {"b":2}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const got: SseMessage[] = [];
      await readSse(chunked(text, [cut]), (m) => got.push(m));
      expect(got).toEqual([
        { event: 'poke', data: '{"seq":5}' },
        { event: 'presence', data: '{"a":1}\n{"b":2}' },
      ]);
    }
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { baseMs: 100, maxMs: 5000, random: () => 0.999 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, policy))).toEqual([100, 200, 400, 799, 4995]);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(10);
  });

  it('reconnects after the stream ends or fails, reporting each state', async () => {
    const states: Array<[LiveState, string | undefined]> = [];
    const pokes: string[] = [];
    let opened = 0;
    const live = new LiveConnection({
      open: async () => {
        opened += 1;
        if (opened === 2) throw new TypeError('fetch failed: refused');
        return new Response(chunked(`event: poke\ndata: {"seq":${opened}}\n\n`, []));
      },
      onMessage: (m) => pokes.push(m.data),
      onState: (s, err) => states.push([s, err instanceof Error ? err.message : undefined]),
      backoff: { baseMs: 1, maxMs: 5, random: () => 1 },
    });
    live.start();
    while (opened < 4) await new Promise((r) => setTimeout(r, 5));
    await live.stop();
    expect(pokes.slice(0, 2)).toEqual(['{"seq":1}', '{"seq":3}']);
    expect(states.slice(0, 5)).toEqual([
      ['connecting', undefined],
      ['open', undefined],
      ['closed', 'the server closed the event stream'],
      ['connecting', undefined],
      ['closed', 'fetch failed: refused'],
    ]);
  });
});
