// better-sqlite3 is a native module built for one runtime at a time (Node or Electron).
// `npm test` and `npm run bench` need the Node build, `npm start` with Electron the Electron
// build; this makes sure the one asked for is in place, rebuilding only when it is not.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const target = process.argv[2] ?? 'node';
const require = createRequire(import.meta.url);

function loadsInNode() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch (err) {
    return String(err?.message ?? err);
  }
}

if (target === 'node') {
  const result = loadsInNode();
  if (result !== true) {
    console.log(`better-sqlite3 does not load in Node (${result.split('\n')[0]}); rebuilding it for Node…`);
    execSync('npm rebuild better-sqlite3 --build-from-source', { stdio: 'inherit' });
  }
} else if (target === 'electron') {
  console.log('Rebuilding better-sqlite3 for Electron…');
  execSync('npx electron-builder install-app-deps', { stdio: 'inherit' });
} else {
  console.error(`usage: ensure-native.mjs node|electron (got "${target}")`);
  process.exit(2);
}
