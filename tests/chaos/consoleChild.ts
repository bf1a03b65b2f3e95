/**
 * A console of the fault harness as a child process: the real console core (the one the
 * Electron shell and `npm run web` run: cache, sync engine, upload queue, handlers) on its own
 * data directory, which survives the SIGKILLs the harness deals. The harness signs it in once
 * through `auth.signIn` (the session file in the data directory resumes it after a restart); it serves the harness over
 * stdin/stdout, one JSON line each way: `{id, op, input}` runs a console operation through
 * `core.handle` (as the renderer's IPC does); the `chaos.*` operations read the cache for the
 * harness's picks and checks. Every cursor the engine sends is reported (`{cursor}`), so the
 * harness sees one going backwards, across restarts too.
 *
 * Environment: CHAOS_DATA_DIR.
 */
import { createInterface } from 'node:readline';
import { createConsoleCore } from '../../src/main/console/consoleCore';
import { outboxCounts } from '../../src/main/cache/outbox';
import { parseCursor } from '../../src/shared/sync/protocol';
import { cacheRows } from '../main/support/fixtures';

const say = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

const watched: typeof fetch = (input, init) => {
  const u = new URL(input instanceof Request ? input.url : String(input));
  const cursor = u.pathname === '/api/sync/changes' ? u.searchParams.get('cursor') : null;
  if (cursor) say({ cursor: parseCursor(cursor) });
  return fetch(input, init);
};

const core = await createConsoleCore({
  dataDir: process.env.CHAOS_DATA_DIR!,
  fetch: watched,
  engineOptions: { backoff: { baseMs: 50, maxMs: 1000, random: Math.random }, undoWindowMs: 0, bootstrapPageSize: 50, changesPageSize: 40, pushBatchSize: 5 },
  uploadBackoff: { baseMs: 100, maxMs: 1000 },
});
const session = () => {
  const s = core.session();
  if (!s) throw new Error('not signed in');
  return s;
};

/** Pushes and pulls until nothing waits: the outbox empty, every upload sent or refused (the upload queue retries on its own backoff). */
async function settle(): Promise<{ waiting: number; uploads: number }> {
  const s = session();
  const pendingUploads = () => (s.cache.reader.db.prepare(`SELECT count(*) AS n FROM upload_queue WHERE state IN ('queued', 'sending')`).get() as { n: number }).n;
  let told = Date.now();
  let lastPullError: string | null = null;
  for (;;) {
    if (Date.now() - told > 5000) {
      // Why it is not settled yet, for the harness's report if it never does.
      told = Date.now();
      const uploads = s.cache.reader.db.prepare('SELECT state, error_code AS code, count(*) AS n FROM upload_queue GROUP BY 1, 2').all();
      console.error(`settling: ${JSON.stringify({ status: s.engine.status, outbox: outboxCounts(s.cache.reader), uploads, lastPullError })}`);
    }
    await s.engine.push().catch(() => undefined);
    // Settled only after a pull that worked: with nothing waiting to push, a cache whose pulls
    // fail (or whose bootstrap never finished) is not in step with the server.
    const pulled = await s.engine.pull().then(() => true, (err: unknown) => {
      lastPullError = err instanceof Error ? err.message : String(err);
      return false;
    });
    const waiting = outboxCounts(s.cache.reader).waiting;
    const uploads = pendingUploads();
    if (pulled && waiting === 0 && uploads === 0) return { waiting, uploads };
    await new Promise((r) => setTimeout(r, 100));
  }
}

const harness: Record<string, (input: any) => Promise<unknown> | unknown> = {
  'chaos.query': ({ sql, params }: { sql: string; params?: unknown[] }) => session().cache.reader.db.prepare(sql).all(...(params ?? [])),
  'chaos.rows': () => cacheRows(session().cache),
  'chaos.settle': () => settle(),
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, op, input } = JSON.parse(line) as { id: number; op: string; input: unknown };
  void (async () => {
    if (op in harness) {
      try {
        say({ id, reply: { ok: true, output: await harness[op]!(input) } });
      } catch (err) {
        say({ id, reply: { ok: false, error: { code: 'harness', message: (err as Error).message } } });
      }
    } else say({ id, reply: await core.handle(op, input) });
  })();
});
process.on('SIGTERM', () => void core.close().then(() => process.exit(0)));
say({ ready: true });
