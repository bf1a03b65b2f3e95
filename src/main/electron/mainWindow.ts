/** Creating the one main window with its secure options, guards and the app:// page. */
import { BrowserWindow } from 'electron';
import { appEntryUrl } from './appUrls';
import { guardWindow } from './windowGuards';
import { createSecureWindow } from './windowOptions';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = createSecureWindow(BrowserWindow, preloadPath);
  guardWindow(win);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appEntryUrl);
  return win;
}
