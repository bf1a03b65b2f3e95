/**
 * The application menu: the platform's standard menus plus Help → Show logs, Save
 * diagnostics…, Check for updates and Restart to update.
 */
import { writeFile } from 'node:fs/promises';
import { dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { UpdateController } from '../updates/updateController';
import { offerRestart } from './autoUpdate';

export interface HelpActions {
  logDir: string;
  /** The diagnostics bundle as JSON text (diagnosticsBundle.ts). */
  diagnostics: () => string;
  updates: () => UpdateController | null;
  window: () => BrowserWindow | null;
}

export function installAppMenu(actions: HelpActions): void {
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Show logs', click: () => void shell.openPath(actions.logDir) },
      { label: 'Save diagnostics…', click: () => void saveDiagnostics(actions) },
      { type: 'separator' },
      {
        label: 'Check for updates',
        click: () => {
          const updates = actions.updates();
          if (!updates) void dialog.showMessageBox({ message: 'Updates are checked only in the installed console, while signed in.' });
          else if (updates.status.phase === 'ready') void offerRestart(updates, actions.window(), updates.status);
          else void updates.check();
        },
      },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    help,
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function saveDiagnostics(actions: HelpActions): Promise<void> {
  const win = actions.window();
  const options = {
    title: 'Save diagnostics',
    defaultPath: `switchboard-diagnostics-${new Date().toISOString().slice(0, 10)}.json`,
    filters: [{ name: 'JSON', extensions: ['json'] }],
  };
  const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (canceled || !filePath) return;
  await writeFile(filePath, actions.diagnostics(), { mode: 0o600 });
  shell.showItemInFolder(filePath);
}
