// Throwaway PostgreSQL cluster for the test suite: one per `vitest run`, in a
// temp dir, on a free port, tuned for speed over durability.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

export interface PostgresCluster {
  url: string;
  /** Restarts the server on its port in `immediate` mode (a crash: no shutdown checkpoint); resolves once it takes connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Highest installed Debian PostgreSQL version's bin dir (e.g. /usr/lib/postgresql/15/bin). */
export function findPostgresBin(): string {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT) : [];
  const best = versions
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!best) {
    throw new Error(
      `PostgreSQL server binaries not found under ${PG_ROOT}/<version>/bin. ` +
        'Install them with `apt-get install postgresql` (.ci/run does this), ' +
        'or set SWITCHBOARD_TEST_DATABASE_URL to an existing server.',
    );
  }
  return path.join(PG_ROOT, best, 'bin');
}

// initdb and pg_ctl refuse to run as root, so as root we drop to the
// `postgres` system user that the Debian package creates.
const asRoot = process.getuid?.() === 0;
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function pgRun(bin: string, args: string[], cwd: string): Promise<void> {
  const [cmd, argv] = pgCommand(bin, args);
  // cwd: the postgres user may not be able to enter the caller's cwd.
  await run(cmd, argv, { cwd, timeout: 60_000 });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `durable`: commits are flushed to the WAL before they are acknowledged (synchronous_commit
 * on), so an immediate restart loses no acknowledged commit; off by default for speed.
 */
export async function startPostgres(o: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  const pgCtl = path.join(bin, 'pg_ctl');

  let running = false;
  const stopSync = () => {
    // Last resort if the process exits without teardown (crash, process.exit).
    if (running) spawnSync(...pgCommand(pgCtl, ['-D', data, 'stop', '-m', 'immediate']));
    running = false;
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // mkdtemp makes a root-only 0700 dir; hand it to the server's user.
    if (asRoot) await run('chown', ['postgres:', dir]);
    // UTF8 + C locale: same encoding as production, deterministic collation,
    // independent of whatever LANG the CI machine has.
    await pgRun(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], dir);

    // The free port can be taken between close() and postgres' bind; retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const opts =
        `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off ` +
        `-c synchronous_commit=${o.durable ? 'on' : 'off'} -c full_page_writes=off -c max_connections=200`;
      try {
        await pgRun(pgCtl, ['-D', data, '-o', opts, '-l', log, '-w', 'start'], dir);
      } catch (err) {
        if (attempt < 3) continue;
        const tail = await readFile(log, 'utf8').catch(() => '');
        throw new Error(`pg_ctl start failed: ${String(err)}\n--- server log ---\n${tail.slice(-2000)}`);
      }
      running = true;
      process.once('exit', stopSync);
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        async restart() {
          await pgRun(pgCtl, ['-D', data, '-o', opts, '-l', log, '-m', 'immediate', '-w', 'restart'], dir);
        },
        async stop() {
          process.off('exit', stopSync);
          if (running) await pgRun(pgCtl, ['-D', data, 'stop', '-m', 'immediate'], dir);
          running = false;
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (err) {
    stopSync();
    throw err;
  }
}

/** Create a fresh, uniquely named database on the server behind adminUrl; returns its URL. */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `sb_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
