/**
 * `npm run restore -- <backup folder>`: puts a backup of `npm run backup` back into DATA_DIR
 * (the server must be stopped; what it replaces is moved aside, not deleted) under a new sync
 * epoch. `npm run restore -- --new-epoch`: only the new epoch, after restoring PostgreSQL with
 * pg_restore (DATABASE_URL) or PGlite by other means. Either way every console bootstraps
 * again and keeps its outbox.
 */
import { exitIfInUse } from '../../shared/node/directoryLock';
import { configFromEnv } from '../config/serverConfig';
import { openDatabase } from '../db/database';
import { newSyncEpoch } from '../config/settings';
import { restoreDataDir } from './backup';

const config = configFromEnv();
const arg = process.argv[2];
if (!arg) {
  console.error('usage: npm run restore -- <backup folder>   (or -- --new-epoch after a pg_restore)');
  process.exit(2);
}
try {
  if (arg === '--new-epoch') {
    const db = await openDatabase(config).catch(exitIfInUse);
    try {
      console.log(`New sync epoch ${await newSyncEpoch(db)}: consoles bootstrap again when the server is started`);
    } finally {
      await db.close();
    }
  } else {
    if (config.databaseUrl) throw new Error('DATABASE_URL is set: restore PostgreSQL with pg_restore, then run `npm run restore -- --new-epoch` (README)');
    const { setAside, epoch } = await restoreDataDir(arg, config.dataDir).catch(exitIfInUse);
    console.log(`Restored ${arg} into ${config.dataDir} (new sync epoch ${epoch}); what it replaced is in ${setAside}`);
  }
} catch (err) {
  console.error(`restore failed: ${(err as Error).message}`);
  process.exit(1);
}
