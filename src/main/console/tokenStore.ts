/**
 * Where the session token lives between runs. Electron keeps it encrypted with safeStorage
 * (src/main/electron); the web host in a file only its user may read. The user travels with
 * the token so a saved session can open its cache offline.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SessionUser } from '../../shared/console/schemas';

export const StoredSession = z.object({ serverUrl: z.string(), token: z.string().min(1), user: SessionUser });
export type StoredSession = z.infer<typeof StoredSession>;

export interface TokenStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

/** Parses a stored session; anything unreadable counts as no session (sign in again). */
export function parseStoredSession(text: string): StoredSession | null {
  try {
    const parsed = StoredSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function memoryTokenStore(): TokenStore {
  let saved: StoredSession | null = null;
  return {
    load: async () => saved,
    save: async (s) => {
      saved = s;
    },
    clear: async () => {
      saved = null;
    },
  };
}

/** A JSON file readable and writable by its owner only (mode 0600, also when it existed before). */
export function fileTokenStore(file: string): TokenStore {
  return {
    async load() {
      try {
        return parseStoredSession(await readFile(file, 'utf8'));
      } catch {
        return null;
      }
    },
    async save(s) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, JSON.stringify(s), { mode: 0o600 });
      await chmod(file, 0o600);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}
