/**
 * The desktop around the window: notifications (new HotRush tickets, tickets assigned to me,
 * refused actions), the dock/launcher badge with my open ticket count, and deep links to
 * tickets, all fed by the core's events.
 */
import { app, Notification, type BrowserWindow } from 'electron';
import type { ConsoleCore } from '../console/consoleCore';
import { ticketIdByNumber } from '../cache/ticketDetail';
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

/** Keeps the badge at my open ticket count; recounted shortly after changes settle. */
export function keepBadgeCount(core: ConsoleCore): () => void {
  let timer: NodeJS.Timeout | null = null;
  const recount = () => {
    timer = null;
    if (!core.session()) {
      app.setBadgeCount(0);
      return;
    }
    core.call('queue.views', {}).then(
      (views) => app.setBadgeCount(views.find((v) => v.id === 'mine')?.count ?? 0),
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
