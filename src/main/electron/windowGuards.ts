/**
 * The window may show only the app: navigation away and new windows are refused (an http(s)
 * link the user clicked opens in their browser instead), <webview> cannot be attached, and
 * every permission request (camera, notifications from the page, geolocation, ...) is denied.
 */
import { shell, type BrowserWindow, type Session } from 'electron';
import { externalLinkTarget, isAppUrl } from './appUrls';

function openOutside(url: string): void {
  const target = externalLinkTarget(url);
  // Only http(s) URLs reach the browser; anything else (file:, javascript:, custom schemes) is dropped.
  if (target) void shell.openExternal(target);
}

export function guardWindow(win: BrowserWindow): void {
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url, disposition }) => {
    // A click on a link with target=_blank: the user asked for it, show it in the browser.
    if (disposition === 'foreground-tab' || disposition === 'background-tab' || disposition === 'new-window') openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
