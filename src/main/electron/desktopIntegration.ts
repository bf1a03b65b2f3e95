/**
 * The desktop around the window: notifications (new HotRush tickets, tickets assigned to me,
 * refused actions), the tray icon and the dock/launcher badge with my open ticket count, and
 * deep links to tickets, all fed by the core's events.
 */
import { readFileSync } from 'node:fs';
import { app, Menu, nativeImage, Notification, Tray, type BrowserWindow } from 'electron';
import type { ConsoleCore } from '../console/consoleCore';
import { ticketIdByNumber } from '../tickets/ticketDetail';
import { sendToWindow } from './ipcBridge';

export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Shows ticket number N in the window (the renderer resolves it when the cache does not know it yet). */
export function openTicketLink(core: ConsoleCore, win: BrowserWindow | null, ticketNumber: number): void {
  const session = core.session();
  const ticketId = session ? ticketIdByNumber(session.cache.reader, ticketNumber) : null;
  sendToWindow(win, 'deepLink', { ticketNumber, ticketId });
  showWindow(win);
}

export function notifyOnTickets(core: ConsoleCore, window: () => BrowserWindow | null): () => void {
  return core.on('notification', (n) => {
    if (!Notification.isSupported()) return;
    // Customer text (the subject) goes into the OS notification as plain text; nothing is rendered as HTML.
    const note = new Notification({ title: n.title, body: n.body ?? '', silent: n.kind === 'rejected' });
    note.on('click', () => {
      const win = window();
      if (n.ticketNumber !== null) openTicketLink(core, win, n.ticketNumber);
      else showWindow(win);
    });
    note.show();
  });
}

/**
 * The tray icon: my open ticket count in its tooltip (and beside it on macOS), a click
 * shows the window. Windows has no dock badge, so this is where the count shows there.
 * The icon is read with fs, which reads inside the app's asar archive.
 */
export function createTray(iconFile: string, window: () => BrowserWindow | null): Tray {
  const tray = new Tray(nativeImage.createFromBuffer(readFileSync(iconFile)));
  tray.setToolTip('Switchboard');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Switchboard', click: () => showWindow(window()) },
      { type: 'separator' },
      { label: 'Quit', role: 'quit' },
    ]),
  );
  tray.on('click', () => showWindow(window()));
  return tray;
}

/** The tray's tooltip for my open ticket count. */
function openCountLabel(count: number): string {
  return count === 0 ? 'Switchboard: no open tickets assigned to you' : `Switchboard: ${count} open ticket${count === 1 ? '' : 's'} assigned to you`;
}

/** Keeps the badge and the tray at my open ticket count; recounted shortly after changes settle. */
export function keepBadgeCount(core: ConsoleCore, tray: Tray | null): () => void {
  let timer: NodeJS.Timeout | null = null;
  const show = (count: number) => {
    app.setBadgeCount(count);
    if (!tray || tray.isDestroyed()) return;
    tray.setToolTip(openCountLabel(count));
    if (process.platform === 'darwin') tray.setTitle(count ? String(count) : '');
  };
  const recount = () => {
    timer = null;
    if (!core.session()) {
      show(0);
      return;
    }
    core.call('queue.views', {}).then(
      (views) => show(views.find((v) => v.id === 'mine')?.count ?? 0),
      () => undefined, // signed out or not synced yet: keep the last count
    );
  };
  const schedule = () => {
    timer ??= setTimeout(recount, 500);
  };
  const offs = [core.on('entitiesChanged', schedule), core.on('syncStatus', schedule)];
  schedule();
  return () => {
    offs.forEach((off) => off());
    if (timer) clearTimeout(timer);
  };
}
