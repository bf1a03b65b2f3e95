/**
 * Browser suites: real Chromium (Debian's), driven by playwright-core. Where it is missing a
 * developer's run skips the suite, but CI (CI set) fails it: a browser test must never pass by
 * not running.
 */
import { existsSync } from 'node:fs';
import { describe } from 'vitest';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const present = existsSync(chromiumPath);
if (!present && process.env.CI) {
  throw new Error(`Chromium is missing at ${chromiumPath} and CI is set: install it (apt-get install chromium) so the browser tests run`);
}

/** `describe` where Chromium can run (always in CI, where a missing Chromium fails at import), else `describe.skip`. */
export const browserSuite: typeof describe = present ? describe : (describe.skip as typeof describe);
