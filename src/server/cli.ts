/** `npm run server`: one helpdesk server process, configured from the environment. */
import { mkdirSync } from 'node:fs';
import { exitIfInUse } from '../shared/node/directoryLock';
import { startServer } from './app';
import { configFromEnv } from './config/serverConfig';
import { openDatabase } from './db/database';
import { migrate } from './db/migrate';
import { seedIfEmpty } from './seed/seedIfEmpty';
import { ensureDemoCatalogue } from './seed/write/catalogue';
import { openBlobStore } from './files/openBlobStore';
import { listenForControl } from './ops/controlSocket';

const config = configFromEnv();
if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
const db = await openDatabase(config).catch(exitIfInUse);
// Seed before serving: the seed sets a new sync epoch, which the server reads once at start.
await migrate(db);
if (!config.production) {
  const tickets = Number(process.env.SEED_TICKETS ?? 2000);
  if (await seedIfEmpty(db, { tickets, blobs: openBlobStore(config, db) })) console.log(`Demo data created (${tickets} tickets)`);
  // A demo database seeded before the catalogue existed gets the demo catalogue too.
  await ensureDemoCatalogue(db, Date.now());
}
const server = await startServer(config, { db });
// The embedded database lives in this process: `npm run backup` asks it for its copy.
const closeControl = config.databaseUrl ? async () => undefined : await listenForControl(db, config.dataDir);
console.log(`Switchboard helpdesk server on ${server.url} (${db.engine}${config.databaseUrl ? '' : ` in ${config.dataDir}`})`);

const stop = async () => {
  await closeControl();
  await server.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
