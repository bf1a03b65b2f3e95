/**
 * The sandboxed preload: exposes `window.switchboard`, one function per console API operation
 * plus `on(event, cb)`, and nothing else (no raw ipcRenderer, no channel names from the page).
 * Calls return the reply envelope unchanged so error codes survive the bridge; main validates
 * every input, so nothing here trusts the page either.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { nestOperations, type SwitchboardBridge } from '../shared/console/consoleApi';
import { isEventName, type EventName } from '../shared/console/operations';
import { eventChannel, invokeChannel } from '../shared/console/ipcChannels';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(eventChannel, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`a "${name}" listener failed`, err);
    }
  }
});

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!isEventName(event)) throw new Error(`unknown event "${String(event)}"`);
  if (typeof listener !== 'function') throw new Error('on(event, listener): listener must be a function');
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

const bridge = {
  ...nestOperations((op, input) => ipcRenderer.invoke(invokeChannel, op, input)),
  on,
} as SwitchboardBridge;

contextBridge.exposeInMainWorld('switchboard', bridge);
