/** `npm run server`: one helpdesk server process, configured from the environment. */
import { startServer } from './app';
import { configFromEnv } from './config/serverConfig';
import { seedIfEmpty } from './seed/seedIfEmpty';

const config = configFromEnv();
const server = await startServer(config);
if (!config.production) await seedIfEmpty(server.ctx.db, { tickets: Number(process.env.SEED_TICKETS ?? 2000) });
console.log(`Switchboard helpdesk server on ${server.url} (${server.ctx.db.engine}${config.databaseUrl ? '' : ` in ${config.dataDir}`})`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
