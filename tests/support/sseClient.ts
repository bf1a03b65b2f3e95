/** A tiny Server-Sent Events reader for tests: waits for the next event that matches. */
export interface SseEvent {
  event: string;
  data: any;
}

export interface SseStream {
  /** Every event received so far, in order (next() does not remove from it). */
  events: SseEvent[];
  /** The first not yet consumed event that matches; consumes it. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream (or close() aborts it). */
  ended: Promise<void>;
  close(): void;
}

/** Opens a stream with a bearer token, or with the given headers (a portal's cookie). */
export async function openEvents(url: string, auth: string | Record<string, string>): Promise<SseStream> {
  const ctrl = new AbortController();
  const headers = typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : auth;
  const res = await fetch(url, { headers, signal: ctrl.signal });
  if (res.status !== 200) throw new Error(`SSE ${url}: ${res.status}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  const queue: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) {
            const e = { event, data: JSON.parse(data) };
            events.push(e);
            queue.push(e);
          }
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      // aborted by close()
    } finally {
      waiters.splice(0).forEach((w) => w());
    }
  })();
  return {
    events,
    ended,
    async next(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex(match);
        if (i >= 0) return queue.splice(i, 1)[0]!;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left);
        });
      }
    },
    close: () => ctrl.abort(),
  };
}
