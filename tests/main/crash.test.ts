/**
 * Crash safety (issue 3 "Crash"): the core runs as a child process and is SIGKILLed at random
 * moments of a bootstrap and of writing and pushing replies, several times; every restart
 * resumes, and in the end the cache equals the server's rows and no reply is lost or doubled.
 * The seed comes from SWITCHBOARD_TEST_SEED, so a failure can be replayed.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { openCache } from '../../src/main/cache/cacheDatabase';
import { readSyncState } from '../../src/main/cache/syncState';
import { cacheRows, checkFullTextIndexes, createTicket, seedHelpdesk, serverRowsFor, staffEmails, tempCachePath } from './support/fixtures';
import { prng } from './support/syntheticCache';

const child = fileURLToPath(new URL('./support/crashChild.ts', import.meta.url));
const seed = Number(process.env.SWITCHBOARD_TEST_SEED ?? Date.now() % 100_000);

interface ChildRun {
  lines: string[];
  killed: boolean;
  code: number | null;
}

/** Runs the child; when killAfterMs is set, SIGKILLs it that long after it says `go`. */
function runChild(s: TestServer, token: string, args: string[], env: Record<string, string>, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      env: { ...process.env, CRASH_SERVER: s.url, CRASH_TOKEN: token, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const result: ChildRun = { lines: [], killed: false, code: null };
    createInterface({ input: p.stdout }).on('line', (line) => {
      result.lines.push(line);
      if (line === 'go' && killAfterMs !== null) {
        setTimeout(() => {
          result.killed = p.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    p.on('exit', (code) => {
      result.code = code;
      resolve(result);
    });
  });
}

describe(`crash safety (seed ${seed})`, () => {
  let s: TestServer;
  let token: string;
  const random = prng(seed);
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
    token = await s.login(staffEmails.engineer);
  });
  afterAll(() => s.close());

  it('converges after SIGKILLs during bootstrap and during replies and pushes, with no reply lost or doubled', { timeout: 240_000 }, async () => {
    const file = tempCachePath();
    let kills = 0;
    for (let i = 0; i < 4; i++) {
      const r = await runChild(s, token, ['bootstrap', file, `b${i}`], {}, Math.floor(random() * 400));
      if (r.code !== 0) kills += 1;
    }
    const done = await runChild(s, token, ['bootstrap', file, 'b-final'], {}, null);
    expect(done.code).toBe(0);
    const boot = openCache(file);
    expect(readSyncState(boot.reader).bootstrapPhase).toBe('done');
    expect(cacheRows(boot)).toEqual(await serverRowsFor(s, staffEmails.engineer));
    // Whichever way the message index was made (built in the background, or rebuilt after a
    // kill), it holds exactly the cached messages.
    checkFullTextIndexes(boot);
    boot.close();

    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push((await createTicket(s, { type: 'tech', subject: `Crash target ${i}`, body: 'Please answer' })).id);
    const committed = new Set<string>();
    for (let run = 0; run < 5; run++) {
      const r = await runChild(s, token, ['work', file, `w${run}`], { CRASH_TICKETS: tickets.join(',') }, Math.floor(random() * 600));
      if (r.code !== 0) kills += 1;
      for (const line of r.lines) if (line.startsWith('done ')) committed.add(line.slice(5));
    }
    const settle = await runChild(s, token, ['settle', file, 'final'], {}, null);
    expect(settle.code).toBe(0);
    expect(kills).toBeGreaterThan(0);

    console.log(`crash test: ${kills} kills, ${committed.size} replies reported committed`);
    expect(committed.size).toBeGreaterThan(5);
    const onServer = await s.ctx.db.query<{ body: string; n: number }>(`SELECT body, count(*)::int AS n FROM ticket_messages WHERE body LIKE 'crash reply %' GROUP BY body`);
    const counts = new Map(onServer.map((r) => [r.body, r.n]));
    for (const body of committed) expect(counts.get(body), `reply "${body}" delivered once`).toBe(1);
    for (const [body, n] of counts) expect(n, `reply "${body}" not doubled`).toBe(1);
    // Replies that committed locally just before a kill (never reported) were delivered too.
    expect(counts.size).toBeGreaterThanOrEqual(committed.size);

    const cache = openCache(file);
    expect(cache.reader.db.prepare(`SELECT count(*) AS n FROM outbox WHERE state <> 'rejected'`).get()).toEqual({ n: 0 });
    expect(cacheRows(cache)).toEqual(await serverRowsFor(s, staffEmails.engineer));
    checkFullTextIndexes(cache);
    cache.close();
  });
});
