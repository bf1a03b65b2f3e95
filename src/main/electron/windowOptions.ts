/**
 * The main window and its security settings (ARCHITECTURE.md "Security defaults"): isolated,
 * sandboxed, no Node in the page, web security on, no <webview>, no insecure content, no
 * experimental features, no middle-click "open in new window".
 *
 * This module imports nothing from Electron: the shell passes Electron's BrowserWindow in, so
 * a unit test can pass a stand-in and see exactly the options the real window gets. The
 * options stay a literal at the `new` so Electronegativity, which reads the built code, can
 * check them too.
 */

export interface SecureWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    webviewTag: false;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    disableBlinkFeatures: string;
    navigateOnDragDrop: false;
    safeDialogs: true;
    spellcheck: boolean;
  };
}

export type WindowConstructor<W> = new (options: SecureWindowOptions) => W;

export function createSecureWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string): W {
  return new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 880,
    minHeight: 560,
    title: 'Switchboard',
    // Shown once the page has painted, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
}
