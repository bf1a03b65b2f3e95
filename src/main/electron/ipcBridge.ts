/**
 * The IPC side of the console API: one invoke channel answered by the core (after checking the
 * sender is the app's own page), and the core's events forwarded to the window.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import type { ConsoleReply, EventPayload } from '../../shared/console/consoleApi';
import { eventChannel, invokeChannel } from '../../shared/console/ipcChannels';
import { eventNames, type EventName } from '../../shared/console/operations';
import type { ConsoleCore } from '../console/consoleCore';
import { isTrustedSender } from './appUrls';

const refused: ConsoleReply<never> = { ok: false, error: { code: 'forbidden', message: 'this page may not use the console API' } };

export function answerConsoleCalls(core: ConsoleCore): void {
  ipcMain.handle(invokeChannel, async (event, op: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) return refused;
    return core.handle(typeof op === 'string' ? op : '', input);
  });
}

export function sendToWindow<E extends EventName>(win: BrowserWindow | null, event: E, payload: EventPayload<E>): void {
  if (win && !win.isDestroyed()) win.webContents.send(eventChannel, event, payload);
}

/** Forwards every core event to the window; returns the unsubscribe. */
export function forwardEvents(core: ConsoleCore, window: () => BrowserWindow | null): () => void {
  const offs = eventNames.map((name) => core.on(name, (payload) => sendToWindow(window(), name, payload)));
  return () => offs.forEach((off) => off());
}
