/**
 * Backup and restore of the embedded default (PGlite in DATA_DIR, the file area's blobs in
 * DATA_DIR/blobs, the local secrets in DATA_DIR/secrets). With PostgreSQL the operator uses
 * pg_dump / pg_restore (README), then `npm run restore -- --new-epoch`.
 *
 * A backup taken while the server runs is consistent: the database files are copied while the
 * server's PGlite runs nothing (Database.quiesced, after a CHECKPOINT), and the blobs are
 * hard-linked into a staging folder in that same pause. Blobs are immutable files named by
 * their hash, so a link is the blob as it was; a blob deleted right after the pause stays in
 * the backup. The copy out of the staging folder happens after the server goes on.
 *
 * A restore puts the database back as it was, so the change log's seqs go back too: it gives
 * the database a new sync epoch, and every console's cursor gets 409 and bootstraps again,
 * keeping its outbox.
 */
import { randomBytes } from 'node:crypto';
import { cp, link, mkdir, readdir, readFile, rename, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDirectory } from '../../shared/node/directoryLock';
import { newSyncEpoch } from '../config/settings';
import type { Database } from '../db/database';

/** The entries of DATA_DIR that are PostgreSQL's data directory (the rest is Switchboard's or the operator's). */
const pgEntry = /^(PG_VERSION|base|global|pg_[a-z_]+|postgresql(\.auto)?\.conf|postmaster\.opts)$/;
const manifestName = 'backup.json';

export interface BackupManifest {
  format: 1;
  engine: 'pglite';
  takenAt: string;
  blobs: number;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  return entries.length === 0;
}

/** Hard-links every file under `from` to the same place under `to` (a copy across file systems); returns how many. */
async function linkTree(from: string, to: string, skip: (name: string) => boolean = () => false): Promise<number> {
  const entries = await readdir(from, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  await mkdir(to, { recursive: true });
  let n = 0;
  for (const e of entries) {
    if (skip(e.name)) continue;
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) n += await linkTree(src, dst);
    else if (e.isFile()) {
      await link(src, dst).catch((err: NodeJS.ErrnoException) => (err.code === 'EXDEV' ? copyFile(src, dst) : Promise.reject(err)));
      n += 1;
    }
  }
  return n;
}

/**
 * Writes a backup of the data directory `dataDir`, whose database `db` is open in this process,
 * into `target` (missing or empty). The manifest is written last: a folder without it is not a
 * backup.
 */
export async function backupDataDir(db: Database, dataDir: string, target: string): Promise<BackupManifest> {
  if (!db.quiesced) throw new Error('backups of this kind are for the embedded database; with PostgreSQL use pg_dump (README)');
  target = path.resolve(target);
  if (target === dataDir || target.startsWith(dataDir + path.sep)) throw new Error(`the backup folder ${target} must be outside the data directory ${dataDir}`);
  if (!(await isEmptyOrMissing(target))) throw new Error(`the backup folder ${target} is not empty; name a new one`);
  const staging = path.join(dataDir, `.backup-staging-${randomBytes(6).toString('hex')}`);
  try {
    let blobs = 0;
    await db.quiesced(async () => {
      const entries = (await readdir(dataDir)).filter((name) => pgEntry.test(name));
      for (const name of entries) await cp(path.join(dataDir, name), path.join(target, 'pgdata', name), { recursive: true, errorOnExist: true });
      // Unfinished uploads (blobs/tmp) are no blob yet.
      blobs = await linkTree(path.join(dataDir, 'blobs'), path.join(staging, 'blobs'), (name) => name === 'tmp');
    });
    await cp(path.join(dataDir, 'secrets'), path.join(target, 'secrets'), { recursive: true }).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
    await rename(path.join(staging, 'blobs'), path.join(target, 'blobs')).catch((err: NodeJS.ErrnoException) =>
      err.code === 'EXDEV' ? cp(path.join(staging, 'blobs'), path.join(target, 'blobs'), { recursive: true }) : Promise.reject(err),
    );
    const manifest: BackupManifest = { format: 1, engine: 'pglite', takenAt: new Date().toISOString(), blobs };
    await writeFile(path.join(target, manifestName), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function readManifest(backup: string): Promise<BackupManifest> {
  const raw = await readFile(path.join(backup, manifestName), 'utf8').catch(() => null);
  if (raw === null) throw new Error(`${backup} is not a complete Switchboard backup (no ${manifestName}); was it interrupted?`);
  const m = JSON.parse(raw) as Partial<BackupManifest>;
  if (m.format !== 1 || m.engine !== 'pglite') throw new Error(`${backup}: not a backup this version can restore (${raw.slice(0, 80)})`);
  return m as BackupManifest;
}

/**
 * Restores `backup` into `dataDir` with no server running (the data directory's lock refuses
 * otherwise). What it replaces (the database, blobs, secrets) is moved aside first, into
 * `<dataDir>.before-restore-<time>`, never deleted. Returns that folder and the new epoch.
 */
export async function restoreDataDir(backup: string, dataDir: string): Promise<{ setAside: string; epoch: string }> {
  backup = path.resolve(backup);
  await readManifest(backup);
  const unlock = await lockDirectory(dataDir, { what: 'The data directory' });
  try {
    const setAside = `${dataDir.replace(/[\\/]+$/, '')}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await mkdir(setAside);
    for (const name of await readdir(dataDir)) {
      if (pgEntry.test(name) || name === 'blobs' || name === 'secrets') await rename(path.join(dataDir, name), path.join(setAside, name));
    }
    for (const name of await readdir(path.join(backup, 'pgdata'))) await cp(path.join(backup, 'pgdata', name), path.join(dataDir, name), { recursive: true });
    for (const name of ['blobs', 'secrets']) {
      if (await stat(path.join(backup, name)).catch(() => null)) await cp(path.join(backup, name), path.join(dataDir, name), { recursive: true });
    }
    // Opened directly: this process already holds the directory's lock.
    const pg = await PGlite.create(dataDir);
    try {
      const epoch = await newSyncEpoch({ query: async (text, params) => (await pg.query<never>(text, params as unknown[])).rows, exec: async (script) => void (await pg.exec(script)) });
      return { setAside, epoch };
    } finally {
      await pg.close();
    }
  } finally {
    await unlock();
  }
}
