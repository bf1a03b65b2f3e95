/** Builds the Electron app (electron-vite build) into a temporary folder, leaving out/ alone. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

export async function buildApp(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'sb-build-'));
  await run(path.join(root, 'node_modules/.bin/electron-vite'), ['build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: root, maxBuffer: 16 << 20 });
  return outDir;
}
