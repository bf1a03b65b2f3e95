/**
 * The session token encrypted with the OS keychain (safeStorage). Where no keychain is
 * available the token is kept in memory only: the user signs in again next start rather than
 * finding their token in a plain file.
 */
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { safeStorage } from 'electron';
import { parseStoredSession, type StoredSession, type TokenStore } from '../console/tokenStore';

export function safeStorageTokenStore(file: string): TokenStore {
  let memory: StoredSession | null = null;
  return {
    async load() {
      if (memory) return memory;
      if (!safeStorage.isEncryptionAvailable()) return null;
      try {
        return parseStoredSession(safeStorage.decryptString(await readFile(file)));
      } catch {
        return null;
      }
    },
    async save(session) {
      memory = session;
      if (!safeStorage.isEncryptionAvailable()) {
        console.warn('no OS keychain: the session is kept for this run only');
        return;
      }
      await writeFile(file, safeStorage.encryptString(JSON.stringify(session)), { mode: 0o600 });
      await chmod(file, 0o600);
    },
    async clear() {
      memory = null;
      await rm(file, { force: true });
    },
  };
}
