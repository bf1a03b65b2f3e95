import type { SwitchboardBridge } from '../shared/console/consoleApi';

declare global {
  interface Window {
    /** Present in Electron (the preload exposes it); absent in a browser on the web host. */
    switchboard?: SwitchboardBridge;
  }
}
