// `npm start`: builds the app, starts a local helpdesk server on the embedded database (demo
// data on the first start), then opens the console signed in to it: in Electron when its
// binary is installed, else in the browser through the web host, saying so.
//
// Environment: PORT (server, default 8787), WEB_PORT (web host, default 5173), DATA_DIR
// (server, default ./data), WEB_DATA_DIR (web host's cache, default ./data/console-web).
// The demo login is passed to the console for this local demo only.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const serverPort = Number(process.env.PORT ?? 8787);
const webPort = Number(process.env.WEB_PORT ?? 5173);
const serverUrl = `http://127.0.0.1:${serverPort}`;
const children = [];

if (process.env.NODE_ENV === 'production') {
  console.error('npm start runs the local demo (demo accounts, demo login); it refuses NODE_ENV=production. Run `npm run server` instead.');
  process.exit(2);
}

function run(label, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code, signal) => {
    console.log(`${label} stopped (${signal ?? `exit code ${code}`})`);
    stopAll(code ?? 1);
  });
  return child;
}

let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitFor(url, what, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (stopping) process.exit(1);
    if (Date.now() > until) throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The Electron binary's path when it is installed, else null (ELECTRON_SKIP_BINARY_DOWNLOAD, no network). */
function electronBinary() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function openInBrowser(url) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // no opener on this machine: the URL is printed above
    child.unref();
  } catch {
    // same
  }
}

console.log('Building the console (electron-vite build) and the customer portal (vite build)…');
execFileSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('vite'), ['build', '-c', 'vite.portal.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });

console.log(`Starting the helpdesk server on ${serverUrl} (embedded database; demo data on the first start)…`);
run('The helpdesk server', bin('tsx'), ['src/server/cli.ts'], { PORT: String(serverPort), HOST: '127.0.0.1' });
await waitFor(`${serverUrl}/health`, 'The helpdesk server', 300_000);
console.log('');
console.log(`  Customer portal: ${serverUrl}   (sign in as customer@example.com, password switchboard)`);
console.log('');

const demoLogin = { SWITCHBOARD_SERVER_URL: serverUrl, SWITCHBOARD_DEMO_EMAIL: 'dispatcher@example.com', SWITCHBOARD_DEMO_PASSWORD: 'switchboard' };
const electron = electronBinary();
if (electron) {
  execFileSync(process.execPath, ['scripts/ensure-native.mjs', 'electron'], { cwd: root, stdio: 'inherit' });
  console.log('Opening the console (Electron)…');
  run('The console', electron, ['.'], demoLogin);
} else {
  console.log('');
  console.log('The Electron binary is missing (node_modules/electron has no downloaded binary), so the console');
  console.log('cannot open as a desktop app here. Opening it in the browser instead, through the web host.');
  console.log('');
  execFileSync(process.execPath, ['scripts/ensure-native.mjs', 'node'], { cwd: root, stdio: 'inherit' });
  const webDataDir = process.env.WEB_DATA_DIR ?? './data/console-web';
  run('The web host', bin('tsx'), ['src/main/web/cli.ts'], { ...demoLogin, PORT: String(webPort), HOST: '127.0.0.1', DATA_DIR: webDataDir });
  const url = `http://localhost:${webPort}`;
  await waitFor(url, 'The web host', 120_000);
  console.log('');
  console.log(`  Switchboard console: ${url}   (signed in as ${demoLogin.SWITCHBOARD_DEMO_EMAIL}; Ctrl+C stops everything)`);
  console.log('');
  openInBrowser(url);
}
