/**
 * An older console meeting a cache a newer one wrote (a downgrade, or an old copy started by
 * mistake) refuses it with a named error telling the user to update, and writes nothing to
 * it: not the journal mode, not a WAL file, not a byte.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CacheTooNewError, openCache } from '../../src/main/cache/cacheDatabase';
import { latestSchemaVersion } from '../../src/main/cache/migrations';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A cache file as a newer build leaves it: schema one ahead, in rollback-journal mode, WAL folded in. */
function newerCache(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sb-cache-')), 'cache.sqlite');
  openCache(file, { backgroundCheckpoints: false }).close();
  const raw = new Database(file);
  raw.pragma('journal_mode = DELETE');
  raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
  raw.close();
  return file;
}

describe('cache downgrade refusal', () => {
  it('throws CacheTooNewError naming both versions and telling the user to update the console', () => {
    const file = newerCache();
    let error: unknown;
    try {
      openCache(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CacheTooNewError);
    const e = error as CacheTooNewError;
    expect(e.name).toBe('CacheTooNewError');
    expect([e.found, e.known, e.path]).toEqual([latestSchemaVersion + 1, latestSchemaVersion, file]);
    expect(e.message).toMatch(/newer Switchboard/);
    expect(e.message).toMatch(/update the console to the current version/);
  });

  it('leaves the file exactly as it was: no byte changed, no journal mode switched, no WAL created', () => {
    const file = newerCache();
    const before = digest(file);
    expect(() => openCache(file)).toThrow(CacheTooNewError);
    expect(() => openCache(file)).toThrow(CacheTooNewError);
    expect(digest(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1);
    raw.close();
  });

  it('still opens and migrates a cache of this version or older', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sb-cache-')), 'cache.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 0');
    raw.close();
    const cache = openCache(file, { backgroundCheckpoints: false });
    expect(cache.writer.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    cache.close();
  });
});
