/**
 * One process per embedded data directory: PGlite is single-process, so a second server (or
 * console) on the same directory would write its own copy and lose the other's data. The
 * second is refused at start naming the directory and the holder; a holder that crashed does
 * not keep the directory locked.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';
import { openPglite, type Database } from '../../src/server/db/database';
import { DirectoryInUseError } from '../../src/shared/node/directoryLock';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';

/** Runs `npm run server`'s entry point to its end; resolves with its exit code and output. */
function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

// A fresh PGlite directory runs initdb (seconds alone, a minute on a loaded machine).
const slow = { timeout: 300_000 };
const freshDir = (name: string) => mkdtempSync(path.join(tmpdir(), `sb-lock-${name}-`));

describe('one server process per embedded data directory', () => {
  it('refuses a second server on the same DATA_DIR, naming it and the holder, and lets a new one in once the holder crashed', slow, async () => {
    const dataDir = freshDir('server');
    const env = { DATA_DIR: dataDir, SEED_TICKETS: '5' };
    const first = await spawnServerProcess(env, slow.timeout);
    try {
      const second = await runServerToExit(env);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`The data directory ${dataDir} is in use by process ${first.child.pid}`);
      expect(second.output).not.toMatch(/\n\s+at /); // the reason alone, no stack trace
      // The first is untouched by the refused attempt.
      expect((await fetch(`${first.url}/api/faq`)).status).toBe(200);
    } finally {
      // A crash: no release, the lock stays on disk with the dead holder named in it.
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await exited;
    }
    const next = await spawnServerProcess(env, slow.timeout);
    expect((await fetch(`${next.url}/api/faq`)).status).toBe(200);
    await stopServerProcess(next.child);
  });

  describe('in one process', () => {
    const open: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const x of open.splice(0)) await x.close();
    });

    it('refuses a second PGlite on a directory until the first is closed', slow, async () => {
      const dataDir = freshDir('pglite');
      const first: Database = await openPglite(dataDir);
      await expect(openPglite(dataDir)).rejects.toBeInstanceOf(DirectoryInUseError);
      await first.close();
      const again = await openPglite(dataDir);
      open.push(again);
      expect(await again.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it("refuses a second console on the same data directory until the first is closed", async () => {
      const dataDir = freshDir('console');
      const first: ConsoleCore = await createConsoleCore({ dataDir, tokenStore: memoryTokenStore() });
      const refused = await createConsoleCore({ dataDir, tokenStore: memoryTokenStore() }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(DirectoryInUseError);
      expect((refused as Error).message).toContain(`The console's data directory ${dataDir} is in use by process ${process.pid}`);
      await first.close();
      open.push(await createConsoleCore({ dataDir, tokenStore: memoryTokenStore() }));
    });
  });
});
