/**
 * File names that come from people (uploads, folder names) end up in Content-Disposition
 * headers, on customers' disks and in the console's cache folder. Refused outright rather than
 * quietly cleaned, so nobody gets a file under a name they did not choose.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors';
import { uploadName } from '../http/rawUpload';

const maxNameBytes = 255;
// C0 and C1 controls, DEL.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional overrides and isolates: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
const bidiControls = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why the name is refused, or null when it is fine. */
export function fileNameProblem(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'must not be empty';
  if (Buffer.byteLength(name, 'utf8') > maxNameBytes) return `must be at most ${maxNameBytes} bytes (UTF-8)`;
  if (name.includes('/') || name.includes('\\')) return 'must not contain a path separator (/ or \\)';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (controlChars.test(name)) return 'must not contain control characters';
  if (bidiControls.test(name)) return 'must not contain bidirectional control characters';
  if (name.trim() !== name) return 'must not begin or end with white space';
  return null;
}

/** The name in Unicode NFC (so "é" typed two ways is one name), or a 400 naming the field and the reason. */
export function safeFileName(name: string | undefined, field: string): string {
  const normal = name?.normalize('NFC');
  const problem = fileNameProblem(normal);
  if (problem) throw new ApiError(400, 'invalid_file_name', `${field}: ${problem}`, field, { issues: [{ field, reason: problem }] });
  return normal!;
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

/** An upload's checked name, from `?name=` or the X-File-Name header; errors name whichever was used. */
export function uploadedFileName(request: FastifyRequest, queryName: string | undefined): string {
  const name = uploadName(request, queryName);
  return safeFileName(name.value, name.field);
}
