/**
 * Access info (server credentials customers post for a ticket) is encrypted with
 * AES-256-GCM; the key comes from ACCESS_INFO_KEY or a key file, never from the database.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config/serverConfig';

export interface Sealed {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

const authTagLength = 16;

export class AccessInfoCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the access info key must be 32 bytes (base64 of 32 random bytes)');
  }
  seal(plain: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength });
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { ciphertext, iv, authTag: cipher.getAuthTag() };
  }
  open(s: Sealed): string {
    // A fixed tag length: without it GCM accepts a truncated tag, which checks only 4 bytes.
    const decipher = createDecipheriv('aes-256-gcm', this.key, s.iv, { authTagLength });
    decipher.setAuthTag(s.authTag);
    return Buffer.concat([decipher.update(s.ciphertext), decipher.final()]).toString('utf8');
  }
}

/**
 * The key from configuration. Outside production a missing key is made once and kept in
 * DATA_DIR/secrets (mode 0600), so the demo works out of the box; production must set one.
 */
export function accessInfoKey(config: ServerConfig): Buffer {
  if (config.accessInfoKey) return Buffer.from(config.accessInfoKey, 'base64');
  if (config.accessInfoKeyFile) return Buffer.from(readFileSync(config.accessInfoKeyFile, 'utf8').trim(), 'base64');
  if (config.production) throw new Error('set ACCESS_INFO_KEY or ACCESS_INFO_KEY_FILE (base64 of 32 random bytes) in production');
  const file = path.join(config.dataDir, 'secrets', 'access-info.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
