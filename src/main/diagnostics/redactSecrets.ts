/**
 * Blanks what must never leave the machine in a log or a diagnostics bundle: bearer tokens,
 * and the values of token, password and secret fields however they are written
 * (`"token":"…"`, `password=…`, `Authorization: …`).
 */
const patterns: RegExp[] = [
  /(\bbearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /(\bauthorization["']?\s*[:=]\s*["']?)[^"',\s}]+(?:\s+[^"',\s}]+)?/gi,
  /(["']?\b(?:[a-z_]*token|password|passwd|secret|api[_-]?key|smtp_pass)["']?\s*[:=]\s*["']?)[^"',\s}&]+/gi,
];

export function redactSecrets(text: string): string {
  return patterns.reduce((t, p) => t.replace(p, '$1[redacted]'), text);
}
