/**
 * The Electron shell: the only code that imports `electron`. It runs the console core (the same
 * one the web host runs), serves the renderer from app://, answers IPC from the app's own page
 * only, and adds what a desktop app has: one instance, deep links, notifications, a badge.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session, shell, type BrowserWindow } from 'electron';
import { CacheTooNewError } from '../cache/cacheDatabase';
import { createConsoleCore, type ConsoleCore } from '../console/consoleCore';
import { diagnosticsBundle } from '../diagnostics/diagnosticsBundle';
import { logConsole, RotatingLog } from '../diagnostics/rotatingLog';
import type { UpdateController } from '../updates/updateController';
import { installAppMenu } from './appMenu';
import { startAutoUpdates } from './autoUpdate';
import { demoLoginFromEnv, signInForDemo } from '../console/demoSignIn';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { deepLinkInArgv, deepLinkScheme, parseDeepLink } from './appUrls';
import { createTray, keepBadgeCount, notifyOnTickets, openTicketLink, showWindow } from './desktopIntegration';
import { answerConsoleCalls, forwardEvents } from './ipcBridge';
import { createMainWindow } from './mainWindow';
import { safeStorageTokenStore } from './safeStorageTokenStore';
import { denyPermissions } from './windowGuards';
import { undoWindowFromEnv } from '../../shared/sync/undoWindow';

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererDir = path.join(here, '../renderer');
// Packed beside out/ (electron-builder.config.ts's appFiles).
const trayIconFile = path.join(here, '../../resources/icons/32x32.png');

let win: BrowserWindow | null = null;
let core: ConsoleCore | null = null;
let updates: UpdateController | null = null;
// The cache, the outbox and the logs live in the user-data folder, which updates and
// reinstalls leave alone (the NSIS uninstaller keeps it too: deleteAppDataOnUninstall false).
const logDir = path.join(app.getPath('userData'), 'logs');
const log = new RotatingLog(logDir, { maxBytes: 2 * 1024 * 1024, keep: 5 });
logConsole(log);
log.write('info', `Switchboard ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform} ${process.arch})`);
/** A deep link that arrived before the window could take it. */
let pendingLink: number | null = deepLinkInArgv(process.argv);

function openLink(ticketNumber: number): void {
  if (!core || !win) {
    pendingLink = ticketNumber;
    return;
  }
  openTicketLink(core, win, ticketNumber);
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another console is running: it receives our arguments (a deep link) through 'second-instance'.
  app.quit();
} else {
  // In development Electron runs as `electron path/to/app`: the OS must call it with that path.
  const appArgs = process.defaultApp && process.argv[1] ? [path.resolve(process.argv[1])] : undefined;
  app.setAsDefaultProtocolClient(deepLinkScheme, appArgs ? process.execPath : undefined, appArgs);

  app.on('second-instance', (_event, argv) => {
    const n = deepLinkInArgv(argv);
    if (n !== null) openLink(n);
    else showWindow(win);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const n = parseDeepLink(url);
    if (n !== null) openLink(n);
  });
  // Every web contents, not just the main window's, gets the same guards.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (win === null || win.isDestroyed()) openWindow();
  });
  app.on('will-quit', () => {
    updates?.stop();
    void core?.close();
  });

  void app.whenReady().then(start);
}

function openWindow(): void {
  win = createMainWindow(preloadPath);
  win.on('closed', () => {
    win = null;
  });
  win.webContents.once('did-finish-load', () => {
    if (pendingLink !== null) {
      const n = pendingLink;
      pendingLink = null;
      openLink(n);
    }
  });
}

async function start(): Promise<void> {
  denyPermissions(session.defaultSession);
  serveRenderer(rendererDir);
  const userData = app.getPath('userData');
  try {
    core = await createConsoleCore({
      dataDir: path.join(userData, 'console'),
      tokenStore: safeStorageTokenStore(path.join(userData, 'session.bin')),
      // A downloaded file is shown in the file manager, never opened: attachments may be anything.
      revealFile: (file) => shell.showItemInFolder(file),
      engineOptions: { undoWindowMs: undoWindowFromEnv(process.env) },
    });
  } catch (err) {
    if (!(err instanceof CacheTooNewError)) throw err;
    // An older console than the one that last used this cache: refuse rather than damage it.
    log.write('error', err.message);
    dialog.showErrorBox('Please update Switchboard', `${err.message}\n\nInstall the current version of the console; your unsent work is in that cache and will be sent once it opens.`);
    app.quit();
    return;
  }
  const running = core;
  installAppMenu({
    logDir,
    window: () => win,
    updates: () => updates,
    diagnostics: () =>
      JSON.stringify(
        diagnosticsBundle({
          core: running, appVersion: app.getVersion(), versions: process.versions, platform: process.platform, arch: process.arch,
          recentErrors: log.recentErrors(), logDir, update: updates?.status, now: Date.now(),
        }),
        null,
        2,
      ),
  });
  updates = startAutoUpdates(core, () => win, (level, text) => log.write(level, text));
  answerConsoleCalls(core);
  forwardEvents(core, () => win);
  notifyOnTickets(core, () => win);
  keepBadgeCount(core, createTray(trayIconFile, () => win));
  const demo = app.isPackaged ? null : demoLoginFromEnv(process.env);
  if (demo) await signInForDemo(core, demo);
  openWindow();
}
