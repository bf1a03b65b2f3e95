/**
 * `npm run web`: the console in a browser. PORT (default 5173), HOST (default 127.0.0.1),
 * DATA_DIR (default ./data/console-web). Serves the built renderer (out/renderer) when there is
 * one, else compiles src/renderer with Vite (also with `--dev`, for hot reload).
 * SWITCHBOARD_SERVER_URL with SWITCHBOARD_DEMO_EMAIL/PASSWORD signs in to a local demo server.
 * SWITCHBOARD_SERVER_URL (or SERVER_URL) alone is the server the sign-in form offers.
 * SWITCHBOARD_UNDO_SECONDS: how long undoable actions wait before they are sent (default 5, 0: no undo).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { exitIfInUse } from '../../shared/node/directoryLock';
import { createConsoleCore } from '../console/consoleCore';
import { demoLoginFromEnv, signInForDemo } from '../console/demoSignIn';
import { startWebHost } from './webHost';
import { undoWindowFromEnv } from '../../shared/sync/undoWindow';

const port = Number(process.env.PORT ?? 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = path.resolve(process.env.DATA_DIR ?? './data/console-web');
const builtDir = path.resolve(process.env.RENDERER_DIR ?? 'out/renderer');
const dev = process.argv.includes('--dev') || !existsSync(path.join(builtDir, 'index.html'));

const core = await createConsoleCore({
  dataDir,
  engineOptions: { undoWindowMs: undoWindowFromEnv(process.env) },
  defaultServerUrl: process.env.SWITCHBOARD_SERVER_URL ?? process.env.SERVER_URL,
}).catch(exitIfInUse);
const demo = demoLoginFromEnv(process.env);
if (demo) await signInForDemo(core, demo);
const web = await startWebHost({ core, port, host, renderer: dev ? 'vite' : { dir: builtDir } });
console.log(`Switchboard console (web host) on ${web.url}  [${dev ? 'renderer compiled by Vite from src/renderer' : `renderer from ${builtDir}`}; data in ${dataDir}]`);
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) console.warn(`Warning: listening on ${host}; anyone who can reach it uses this console's session.`);

const stop = async () => {
  await web.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
