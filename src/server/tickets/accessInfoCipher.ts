/**
 * Access info (server credentials customers post for a ticket) is encrypted with
 * AES-256-GCM; the key comes from ACCESS_INFO_KEY or a key file, never from the database.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { localSecret } from '../config/localSecret';
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
 * The key from configuration; outside production a local one (see localSecret), production
 * must set one.
 */
export function accessInfoKey(config: ServerConfig): Buffer {
  if (config.accessInfoKey) return Buffer.from(config.accessInfoKey, 'base64');
  if (config.accessInfoKeyFile) return Buffer.from(readFileSync(config.accessInfoKeyFile, 'utf8').trim(), 'base64');
  if (config.production) throw new Error('set ACCESS_INFO_KEY or ACCESS_INFO_KEY_FILE (base64 of 32 random bytes) in production');
  return Buffer.from(localSecret(config, 'access-info.key'), 'base64');
}
