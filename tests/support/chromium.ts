/**
 * Browser suites: real Chromium (Debian's), driven by playwright-core. Where it is missing a
 * developer's run skips the suite, but CI (CI set) fails it: a browser test must never pass by
 * not running.
 */
import { existsSync } from 'node:fs';
import { describe } from 'vitest';

const defaultChromiumPath = '/usr/bin/chromium';

/**
 * Chromium's path (CHROMIUM_PATH, else Debian's), or null where it is missing on a developer's
 * machine. Missing with CI set throws, so every browser suite fails at import there.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): string | null {
  const file = env.CHROMIUM_PATH ?? defaultChromiumPath;
  if (exists(file)) return file;
  if (env.CI) throw new Error(`Chromium is missing at ${file} and CI is set: install it (apt-get install chromium) so the browser tests run`);
  return null;
}

const found = findChromium();

export const chromiumPath = found ?? process.env.CHROMIUM_PATH ?? defaultChromiumPath;
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** `describe` where Chromium can run (always in CI, where a missing Chromium fails at import), else `describe.skip`. */
export const browserSuite: typeof describe = found ? describe : (describe.skip as typeof describe);
