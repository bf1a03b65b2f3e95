/**
 * Sends a stored blob as a download, with HTTP Range support (RFC 9110 §14) so an interrupted
 * download resumes where it stopped: `Accept-Ranges: bytes`, a strong ETag (the sha256: the
 * bytes can never change under it), `If-Range`, 206 with Content-Range, 416 past the end.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors';
import type { BlobStore, ByteRange } from './blobStore';
import { attachmentDisposition } from './fileNames';

/**
 * The one range a Range header asks for within `size` bytes; null to send the whole file
 * (no header, another unit, a malformed or multi-range header: all allowed to be ignored);
 * 'unsatisfiable' when it starts past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
  if (last < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1) };
}

export async function sendBlob(
  request: FastifyRequest,
  reply: FastifyReply,
  store: BlobStore,
  file: { sha256: string; name: string },
  opts: { cacheControl?: string } = {},
): Promise<FastifyReply> {
  const size = await store.size(file.sha256);
  if (size === null) {
    // The row exists but its bytes do not: a storage fault, not the client's.
    throw new ApiError(500, 'blob_missing', `the stored content of "${file.name}" is missing on the server; an administrator must upload it again`);
  }
  const etag = `"${file.sha256}"`;
  const ifRange = request.headers['if-range'];
  // A resume against other bytes than it started with must get the whole new file.
  const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, size) : null;
  reply.header('accept-ranges', 'bytes').header('etag', etag).header('cache-control', opts.cacheControl ?? 'private, no-cache').header('x-content-type-options', 'nosniff');
  if (range === 'unsatisfiable') {
    const message = `headers.range: the file has ${size} bytes`;
    return reply.code(416).header('content-range', `bytes */${size}`).type('application/json').send({ error: 'range_not_satisfiable', field: 'headers.range', message });
  }
  reply.header('content-disposition', attachmentDisposition(file.name)).type('application/octet-stream');
  if (range) {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
    return reply.send(store.get(file.sha256, range));
  }
  reply.header('content-length', size);
  // An empty file: nothing to read from the store.
  return reply.send(size === 0 ? '' : store.get(file.sha256));
}
