// Scans a built Electron app (electron-vite's out/ folder) with Electronegativity and prints the
// findings as JSON lines: {id, severity, confidence, manualReview, file, line, sample}.
// Offline by design: the online check for newer Electron releases is skipped. Electronegativity
// reads only .js/.ts/.html files, so the CommonJS preload (index.cjs) is scanned as a .js copy.
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const input = path.resolve(process.argv[2] ?? 'out');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');

function renameCjs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) renameCjs(p);
    else if (entry.name.endsWith('.cjs')) renameSync(p, p.replace(/\.cjs$/, '.js'));
  }
}

const copy = mkdtempSync(path.join(tmpdir(), 'sb-scan-'));
try {
  cpSync(input, copy, { recursive: true });
  renameCjs(copy);
  // Its translations download has a 1 s timeout and falls back to English; keep its chatter off stdout.
  const log = console.log;
  console.log = (...args) => console.error(...args);
  const result = await run({ input: copy, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], electronVersionOverride: process.env.ELECTRON_VERSION ?? '41.0.0', isRelative: true, parserPlugins: [] }, false);
  console.log = log;
  for (const e of result.errors) console.error(`could not parse ${e.file}: ${e.message}`);
  for (const i of result.issues) {
    console.log(JSON.stringify({ id: i.id, severity: i.severity.name, confidence: i.confidence.name, manualReview: Boolean(i.manualReview), file: i.file, line: i.location?.line ?? 0, sample: i.sample ?? null }));
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
