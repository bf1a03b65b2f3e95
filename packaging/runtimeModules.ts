/**
 * Which installed packages the packaged console needs: the closure of the packages its main
 * bundle loads at run time (electron-vite leaves dependencies external). Everything else the
 * repository's `dependencies` pull in is server-only (fastify, pg, PGlite, nodemailer and their
 * trees) and is kept out of the installers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What out/main/index.js imports from node_modules (tests/packaging checks the bundle against it). */
export const consoleRuntimeRoots = ['better-sqlite3', 'zod', 'electron-updater', 'proper-lockfile'] as const;

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function manifest(root: string, name: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null; // an optional dependency not installed on this platform
  }
}

/** The packages reachable from `names` through installed (hoisted) dependencies. */
export function dependencyClosure(root: string, names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...names];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name)) continue;
    const m = manifest(root, name);
    if (!m) continue;
    seen.add(name);
    queue.push(...Object.keys({ ...m.dependencies, ...m.optionalDependencies }));
  }
  return seen;
}

/** `files` patterns excluding every production package the console does not reach. */
export function serverOnlyExclusions(root: string): string[] {
  const app = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const needed = dependencyClosure(root, consoleRuntimeRoots);
  const all = dependencyClosure(root, Object.keys(app.dependencies ?? {}));
  return [...all].filter((name) => !needed.has(name)).sort().map((name) => `!node_modules/${name}/**`);
}
