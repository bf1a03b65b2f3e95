/**
 * The console core as a child process, for the crash test: the parent SIGKILLs it at random
 * moments. Modes: `bootstrap` (run or resume a bootstrap), `work` (write replies, pushing as
 * it goes; prints `done <body>` after each reply has committed locally), `settle` (push and
 * pull until quiet). Prints `go` when it starts the interesting part.
 */
import { openCache } from '../../../src/main/cache/cacheDatabase';
import { SyncEngine } from '../../../src/main/sync/syncEngine';

async function main(): Promise<void> {
  const [mode, cacheFile, run] = process.argv.slice(2) as [string, string, string];
  const ticketIds = (process.env.CRASH_TICKETS ?? '').split(',').filter(Boolean).map(Number);
  const cache = openCache(cacheFile);
  const engine = new SyncEngine({ cache, serverUrl: process.env.CRASH_SERVER!, token: process.env.CRASH_TOKEN!, bootstrapPageSize: 7, changesPageSize: 5, pushBatchSize: 2 });
  await engine.identify();
  process.stdout.write('go\n');
  if (mode === 'bootstrap') await engine.bootstrap();
  if (mode === 'work') {
    await engine.pull();
    for (let i = 0; i < 12; i++) {
      const body = `crash reply ${run}.${i}`;
      engine.perform('ticket.reply', { ticketId: ticketIds[i % ticketIds.length]!, body });
      process.stdout.write(`done ${body}\n`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  await engine.whenIdle();
  await engine.push();
  await engine.pull();
  await engine.whenIdle();
  cache.close();
  process.stdout.write('finished\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
