/**
 * The Electron shell: the only code that imports `electron`. It runs the console core (the same
 * one the web host runs), serves the renderer from app://, answers IPC from the app's own page
 * only, and adds what a desktop app has: one instance, deep links, notifications, a badge.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, session, type BrowserWindow } from 'electron';
import { createConsoleCore, type ConsoleCore } from '../console/consoleCore';
import { demoLoginFromEnv, signInForDemo } from '../console/demoSignIn';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { deepLinkInArgv, deepLinkScheme, parseDeepLink } from './appUrls';
import { keepBadgeCount, notifyOnTickets, openTicketLink, showWindow } from './desktopIntegration';
import { answerConsoleCalls, forwardEvents } from './ipcBridge';
import { createMainWindow } from './mainWindow';
import { safeStorageTokenStore } from './safeStorageTokenStore';
import { denyPermissions } from './windowGuards';

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererDir = path.join(here, '../renderer');

let win: BrowserWindow | null = null;
let core: ConsoleCore | null = null;
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
  core = await createConsoleCore({ dataDir: path.join(userData, 'console'), tokenStore: safeStorageTokenStore(path.join(userData, 'session.bin')) });
  answerConsoleCalls(core);
  forwardEvents(core, () => win);
  notifyOnTickets(core, () => win);
  keepBadgeCount(core);
  const demo = app.isPackaged ? null : demoLoginFromEnv(process.env);
  if (demo) await signInForDemo(core, demo);
  openWindow();
}
