/**
 * Uploads whose body is the file itself (`Content-Type: application/octet-stream`), streamed
 * to their destination instead of buffered: the server's 1 MB JSON body limit does not apply,
 * each route sets its own limit. A route opts in with `rawBody: true` in its RouteSpec and
 * reads the stream with `receiveUpload`, which hands it, size-limited, to the route's store;
 * every other route still refuses such a body with a 415.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable, Transform } from 'node:stream';
import { ApiError } from './errors';

const rawMediaType = 'application/octet-stream';

/** Registers the octet-stream parser once per server: raw routes get the request stream as their body. */
export function acceptRawBodies(app: FastifyInstance): void {
  app.addContentTypeParser(rawMediaType, (request, payload, done) => {
    if ((request.routeOptions.config as { rawBody?: boolean }).rawBody) return done(null, payload);
    done(new ApiError(415, 'unsupported_media_type', 'body: send application/json', 'body'), undefined);
  });
}

class UploadTooLarge extends Error {}
class UploadAborted extends Error {
  constructor() {
    super('the client stopped sending the upload before its end');
  }
}

export const uploadTooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, 'file_too_large', `body: the file is larger than the upload limit of ${maxBytes} bytes`, 'body', { maxBytes });

/** Passes the source through until more than maxBytes arrived, then fails; an aborted source fails it too. */
function limitBytes(source: Readable, maxBytes: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new UploadTooLarge());
      else done(null, chunk);
    },
  });
  // pipe() does not carry errors or an early close downstream; without these a dropped
  // connection would leave the writer waiting forever.
  source.once('error', (err) => limiter.destroy(err));
  source.once('close', () => {
    if (!source.readableEnded) limiter.destroy(new UploadAborted());
  });
  source.pipe(limiter);
  return limiter;
}

/**
 * Hands the route's upload stream, limited to maxBytes, to `store`. Too large (declared or
 * counted): a 413 naming the limit, after `store` has cleaned up. The rest of a refused body
 * is discarded and (with `reply`) the connection closed after the answer, so the client reads
 * the answer rather than a reset.
 */
export async function receiveUpload<T>(request: FastifyRequest, reply: FastifyReply | null, maxBytes: number, store: (body: Readable) => Promise<T>): Promise<T> {
  const source = request.body;
  if (!(source instanceof Readable)) {
    throw new ApiError(415, 'unsupported_media_type', `body: send the file's bytes with Content-Type: ${rawMediaType}`, 'body');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discardUpload(request, reply);
    throw uploadTooLarge(maxBytes);
  }
  try {
    return await store(limitBytes(source, maxBytes));
  } catch (err) {
    discardUpload(request, reply);
    if (err instanceof UploadTooLarge) throw uploadTooLarge(maxBytes);
    throw err;
  }
}

/**
 * For an answer given without the rest of the body (a refusal, or a repeat answered by what
 * its first attempt stored): the rest is read and dropped, and (with `reply`) the connection
 * closed after the answer, so the client reads the answer rather than a reset.
 */
export function discardUpload(request: FastifyRequest, reply: FastifyReply | null): void {
  const source = request.body;
  if (!(source instanceof Readable) || source.readableEnded) return;
  reply?.header('connection', 'close');
  source.resume();
}

/**
 * The upload's file name, from the `name` query parameter or else the `X-File-Name` header
 * (percent-encoded UTF-8, since headers carry Latin-1 only); `field` says which one, for errors.
 */
export function uploadName(request: FastifyRequest, queryName: string | undefined): { value: string | undefined; field: string } {
  if (queryName !== undefined) return { value: queryName, field: 'query.name' };
  const header = request.headers['x-file-name'];
  if (typeof header !== 'string') return { value: undefined, field: 'query.name' };
  try {
    return { value: decodeURIComponent(header), field: 'headers.x-file-name' };
  } catch {
    throw new ApiError(400, 'validation_failed', 'headers.x-file-name: must be percent-encoded UTF-8', 'headers.x-file-name');
  }
}
