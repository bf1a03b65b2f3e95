/**
 * Reads an NDJSON byte stream line by line as it arrives, so a bootstrap page is parsed while
 * it downloads and never held as one big string.
 */
export async function readNdjson(body: ReadableStream<Uint8Array>, onValue: (value: unknown) => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let rest = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = rest + decoder.decode(value, { stream: true });
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
        if (nl > start) onValue(JSON.parse(text.slice(start, nl)));
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.decode();
    if (rest.trim()) onValue(JSON.parse(rest));
  } finally {
    reader.releaseLock();
  }
}
