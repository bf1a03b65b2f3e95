/**
 * Reads an NDJSON byte stream line by line as it arrives, so a bootstrap page is parsed while
 * it downloads and never held as one big string.
 *
 * Each chunk is cut at its last newline *byte* and only whole lines are decoded. A newline
 * byte never occurs inside a multi-byte UTF-8 character, so no character is ever split, and
 * the decoder runs without `stream: true`: Node's streaming UTF-8 decode is about five times
 * slower (a second of a 1M-message bootstrap).
 */
const newline = 0x0a;

export async function readNdjson(body: ReadableStream<Uint8Array>, onValue: (value: unknown) => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  // Bytes after the last newline so far: the start of a line still arriving.
  let partial: Uint8Array | null = null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const lastNewline = value.lastIndexOf(newline);
      if (lastNewline === -1) {
        partial = partial ? concat(partial, value) : value;
        continue;
      }
      const whole = value.subarray(0, lastNewline);
      emitLines(decoder.decode(partial ? concat(partial, whole) : whole), onValue);
      partial = lastNewline + 1 < value.length ? value.slice(lastNewline + 1) : null;
    }
    if (partial) emitLines(decoder.decode(partial), onValue);
  } finally {
    reader.releaseLock();
  }
}

function emitLines(text: string, onValue: (value: unknown) => void): void {
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    if (nl > start) onValue(JSON.parse(text.slice(start, nl)));
    start = nl + 1;
  }
  if (start < text.length && text.slice(start).trim()) onValue(JSON.parse(text.slice(start)));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
