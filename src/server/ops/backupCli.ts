/**
 * `npm run backup -- <folder>`: a consistent copy of the embedded database, the file area's
 * blobs and the local secrets, taken by the running server (through its control socket) or,
 * when none runs, by this process. With DATABASE_URL it says how to use pg_dump instead.
 */
import path from 'node:path';
import { exitIfInUse } from '../../shared/node/directoryLock';
import { configFromEnv } from '../config/serverConfig';
import { openPglite } from '../db/database';
import { backupDataDir } from './backup';
import { requestBackup } from './controlSocket';

const config = configFromEnv();
const target = process.argv[2];
if (config.databaseUrl) {
  const blobs = config.blobStore === 'disk' ? 'and copy DATA_DIR/blobs beside it (BLOB_STORE=disk)' : 'which holds the blobs too; keep DATA_DIR/secrets beside it';
  console.error(`DATABASE_URL is set: back PostgreSQL up with its own tools, e.g.\n  pg_dump --format=custom --file=switchboard.dump "$DATABASE_URL"\n${blobs} (see README, "Backup and restore").`);
  process.exit(2);
}
if (!target) {
  console.error('usage: npm run backup -- <new folder for the backup>');
  process.exit(2);
}
const folder = path.resolve(target);
try {
  const answer = await requestBackup(config.dataDir, folder);
  if (answer && !answer.ok) throw new Error(answer.error);
  let manifest = answer?.manifest;
  if (!manifest) {
    // No server runs on this data directory: take the copy here (the lock keeps a server from starting meanwhile).
    const db = await openPglite(config.dataDir).catch(exitIfInUse);
    try {
      manifest = await backupDataDir(db, config.dataDir, folder);
    } finally {
      await db.close();
    }
  }
  console.log(`Backup of ${config.dataDir} written to ${folder} (${manifest.blobs} files of the file area${answer ? ', taken by the running server' : ''})`);
} catch (err) {
  console.error(`backup failed: ${(err as Error).message}`);
  process.exit(1);
}
