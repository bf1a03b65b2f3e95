/**
 * A secret the demo needs but production must configure: made once outside production and
 * kept in DATA_DIR/secrets (mode 0600), so `npm start` works out of the box.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from './serverConfig';

/** Base64 of `bytes` random bytes from DATA_DIR/secrets/<name>, made on first use. */
export function localSecret(config: ServerConfig, name: string, bytes = 32): string {
  const file = path.join(config.dataDir, 'secrets', name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(bytes).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
