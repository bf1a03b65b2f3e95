/**
 * File names that come from people (uploads, folder names) end up in Content-Disposition
 * headers, on customers' disks and in the console's cache folder. The server refuses a bad
 * name outright rather than quietly cleaning it, so nobody gets a file under a name they did
 * not choose; the console checks the same rules before it queues an upload, and again before
 * it writes a copy under the name on the user's disk.
 */

const maxNameBytes = 255;
// C0 and C1 controls, DEL.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional overrides and isolates: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
const bidiControls = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why the name is refused, or null when it is fine. */
export function fileNameProblem(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'must not be empty';
  if (new TextEncoder().encode(name).length > maxNameBytes) return `must be at most ${maxNameBytes} bytes (UTF-8)`;
  if (name.includes('/') || name.includes('\\')) return 'must not contain a path separator (/ or \\)';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (controlChars.test(name)) return 'must not contain control characters';
  if (bidiControls.test(name)) return 'must not contain bidirectional control characters';
  if (name.trim() !== name) return 'must not begin or end with white space';
  return null;
}

/**
 * Content-Disposition for a download: an ASCII fallback for old clients plus the exact name
 * in RFC 5987 form. The name was checked on the way in; quoting still escapes nothing unsafe.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
