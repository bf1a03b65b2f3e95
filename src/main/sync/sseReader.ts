/**
 * A Server-Sent Events parser over a fetch body stream (the WHATWG event-stream format:
 * `event:` and `data:` fields, a blank line ends a message, `:` starts a comment). Written
 * over fetch rather than EventSource so it can send the bearer token and run in Node.
 */
export interface SseMessage {
  event: string;
  data: string;
}

export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (m: SseMessage) => void, onBytes: () => void = () => undefined, signal?: AbortSignal): Promise<void> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  // Aborting the request does not always end a read already waiting on its body (seen when a
  // session ended from inside an event's handler): cancelling the reader always does.
  const cancel = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  let rest = '';
  let event = '';
  let data: string[] = [];
  const line = (l: string) => {
    if (l === '') {
      if (data.length) onMessage({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    const value = colon === -1 ? '' : l.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onBytes();
      const text = rest + decoder.decode(value, { stream: true });
      // Split on LF only and drop a CR before it, so a CRLF cut between two chunks still parses.
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line(l.endsWith('\r') ? l.slice(0, -1) : l);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}
