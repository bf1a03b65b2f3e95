/**
 * Streams an upload into a file while hashing and counting it, so no upload is ever held in
 * memory and the digest always describes exactly the bytes written. The blob store (sha256)
 * and the update feed (sha512) both store uploads this way.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function writeHashed(
  source: Readable,
  file: string,
  algorithm: 'sha256' | 'sha512',
  options: { flags?: string; mode?: number } = {},
): Promise<{ digest: Buffer; size: number }> {
  const hash = createHash(algorithm);
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(file, options));
  return { digest: hash.digest(), size };
}
