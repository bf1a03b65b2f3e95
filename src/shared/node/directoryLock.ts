/**
 * One process per embedded database or console cache (Node only: not for the renderer or the
 * portal, whose tsconfigs leave this folder out). PGlite is a single-process engine: two server processes
 * on one DATA_DIR each run on their own copy of the files and the later writer silently wins
 * (300 tickets acknowledged through two processes, 150 left after a restart). So opening a
 * data directory takes a lock, and a second process is refused at start with the directory and
 * the process that holds it. The console's data directory takes the same lock: two consoles
on one cache would both push its outbox.
 *
 * The lock is proper-lockfile's: a directory made atomically, its mtime refreshed while the
 * holder lives, taken over once stale, so a crashed holder does not keep it for ever. Beside
 * it an owner file names the holder; when that holder is a process of this host that no longer
 * exists, the lock is taken over at once instead of after the (long) stale period.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

interface Owner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export class DirectoryInUseError extends Error {
  readonly code = 'directory_in_use';
  constructor(readonly directory: string, owner: Owner | null, what: string) {
    const holder = owner ? `process ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.since})` : 'another process';
    super(`${what} ${directory} is in use by ${holder}. Only one process may use it at a time: stop that one first, or give this one another directory.`);
  }
}

const lockName = 'switchboard.lock';
const ownerName = 'switchboard.owner.json';

function readOwner(dir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, ownerName), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

function isGone(owner: Owner | null): boolean {
  if (!owner || owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface DirectoryLockOptions {
  /** Names the directory in the refusal: "The data directory", "The console's cache directory". */
  what: string;
  /** Called if another process took the lock over while this one held it (it stalled for longer than the stale period). */
  onLost?: (err: Error) => void;
}

/**
 * Locks `dir` (created if missing) for this process; resolves to the release. Refuses with a
 * DirectoryInUseError while another live process holds it.
 */
export async function lockDirectory(dir: string, opts: DirectoryLockOptions): Promise<() => Promise<void>> {
  mkdirSync(dir, { recursive: true });
  const lockfilePath = path.join(dir, lockName);
  const options = {
    lockfilePath,
    realpath: false,
    // The holder refreshes the lock every 10 s, but PGlite's first open (initdb) blocks the
    // event loop for seconds, a minute on a loaded machine: so only ten minutes without a
    // refresh count as stale. A crashed holder on this host is found at once by its pid.
    stale: 600_000,
    update: 10_000,
    onCompromised: (err: Error) => {
      const lost = new Error(`${opts.what} ${dir} was taken over by another process: ${err.message}`);
      if (opts.onLost) opts.onLost(lost);
      else throw lost;
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const owner = readOwner(dir);
    if (!isGone(owner)) throw new DirectoryInUseError(dir, owner, opts.what);
    // The holder crashed on this host: its lock is not worth waiting the stale period for.
    rmSync(lockfilePath, { recursive: true, force: true });
    try {
      release = await lockfile.lock(dir, options);
    } catch (again) {
      // Another process starting at the same moment took it over first.
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DirectoryInUseError(dir, readOwner(dir), opts.what);
      throw again;
    }
  }
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  writeFileSync(path.join(dir, ownerName), JSON.stringify(owner));
  let released: Promise<void> | null = null;
  // Closing twice (a test's cleanup after the code's own) releases once.
  return () => {
    released ??= (async () => {
      rmSync(path.join(dir, ownerName), { force: true });
      await release();
    })();
    return released;
  };
}

/** For a command's start: a directory in use ends the process with the reason alone, not a stack trace. */
export function exitIfInUse(err: unknown): never {
  if (err instanceof DirectoryInUseError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
