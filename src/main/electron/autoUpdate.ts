/**
 * electron-updater wired to the console: the feed is the signed-in helpdesk server
 * (UpdateController), progress goes to the taskbar and to the renderer as an `updateStatus`
 * event, and a downloaded update is offered with a dialog. "Later" installs it when the user
 * quits; nothing restarts the app unless the user chose to.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import type { ConsoleCore } from '../console/consoleCore';
import { UpdateController, type UpdateStatus } from '../updates/updateController';
import { sendToWindow } from './ipcBridge';

export function startAutoUpdates(core: ConsoleCore, window: () => BrowserWindow | null, log: (level: 'info' | 'error', text: string) => void): UpdateController | null {
  // A development run has no installer to replace.
  if (!app.isPackaged) return null;
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = { info: (m: unknown) => log('info', String(m)), warn: (m: unknown) => log('info', String(m)), error: (m: unknown) => log('error', String(m)), debug: () => undefined };
  let offered = '';
  const controller = new UpdateController({
    updater: autoUpdater,
    platform: process.platform,
    session: () => {
      const s = core.session();
      return s ? { serverUrl: s.stored.serverUrl, token: s.stored.token } : null;
    },
    onStatus: (status) => {
      const win = window();
      sendToWindow(win, 'updateStatus', status);
      if (win && !win.isDestroyed()) win.setProgressBar(status.phase === 'downloading' ? status.percent / 100 : -1);
      if (status.phase === 'ready' && status.version !== offered) {
        offered = status.version;
        void offerRestart(controller, win, status);
      }
    },
    log: (text) => log('info', text),
  });
  controller.start();
  return controller;
}

/** Asks; the default is "Later", so Enter pressed while typing a reply cannot restart the app. */
export async function offerRestart(controller: UpdateController, win: BrowserWindow | null, status: Extract<UpdateStatus, { phase: 'ready' }>): Promise<void> {
  const options = {
    type: 'info' as const,
    buttons: ['Later', 'Restart now'],
    defaultId: 0,
    cancelId: 0,
    title: 'Update ready',
    message: `Switchboard ${status.version} is ready to install.`,
    detail: 'Restart now, or keep working: it installs by itself the next time you quit. Drafts are saved and come back after the restart.',
  };
  const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  if (response === 1) controller.restartToInstall();
}
