/**
 * When and from where the console updates itself, without Electron: the shell hands in
 * electron-updater's autoUpdater (or a test's double of the same shape). The feed is the
 * helpdesk server the console is signed in to (`<server>/updates/<platform>/`, see
 * src/server/updates), asked with the session's token. Checks run at start and every few
 * hours; a found update downloads in the background; it is installed only when the user says
 * "restart" or quits the app, so a reply being written is never interrupted.
 */
import type { UpdateStatus } from '../../shared/console/schemas';

/** The part of electron-updater's AppUpdater this uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  requestHeaders: import('node:http').OutgoingHttpHeaders | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (p: { percent: number; transferred: number; total: number; bytesPerSecond: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export type { UpdateStatus };

export const updatePlatform = (platform: NodeJS.Platform): 'linux' | 'win' | 'mac' | null =>
  platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : platform === 'linux' ? 'linux' : null;

/** The generic feed URL for a server (always ending in '/', so file names resolve under it). */
export function feedUrl(serverUrl: string, platform: 'linux' | 'win' | 'mac'): string {
  return `${serverUrl.replace(/\/+$/, '')}/updates/${platform}/`;
}

export interface UpdateControllerOptions {
  updater: Updater;
  platform: NodeJS.Platform;
  /** The signed-in server and token, or null when signed out (no check then). */
  session: () => { serverUrl: string; token: string } | null;
  onStatus: (status: UpdateStatus) => void;
  /** Between checks (default 4 hours). */
  intervalMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

export const defaultCheckIntervalMs = 4 * 60 * 60 * 1000;

export class UpdateController {
  private state: UpdateStatus = { phase: 'idle' };
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: UpdateControllerOptions) {
    this.now = opts.now ?? Date.now;
    const u = opts.updater;
    u.autoDownload = true;
    // Quitting normally installs a downloaded update; nothing else restarts the app.
    u.autoInstallOnAppQuit = true;
    u.on('checking-for-update', () => this.set({ phase: 'checking' }));
    u.on('update-not-available', () => this.set({ phase: 'upToDate', checkedAt: this.now() }));
    u.on('update-available', (info) => this.set({ phase: 'downloading', version: info.version, percent: 0, transferred: 0, total: 0 }));
    u.on('download-progress', (p) => {
      const version = this.state.phase === 'downloading' ? this.state.version : '';
      this.set({ phase: 'downloading', version, percent: Math.round(p.percent * 10) / 10, transferred: p.transferred, total: p.total });
    });
    u.on('update-downloaded', (info) => this.set({ phase: 'ready', version: info.version }));
    u.on('error', (err) => this.set({ phase: 'error', message: err.message.split('\n')[0]!.slice(0, 300), at: this.now() }));
  }

  get status(): UpdateStatus {
    return this.state;
  }

  /** Checks now and then every interval. */
  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.opts.intervalMs ?? defaultCheckIntervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Points the updater at the signed-in server and checks; false when there is nothing to ask
   * (signed out, an unknown platform, or an update already downloaded or downloading).
   */
  async check(): Promise<boolean> {
    const platform = updatePlatform(this.opts.platform);
    const session = this.opts.session();
    if (!platform || !session || this.state.phase === 'ready' || this.state.phase === 'downloading') return false;
    const u = this.opts.updater;
    u.setFeedURL({ provider: 'generic', url: feedUrl(session.serverUrl, platform) });
    u.requestHeaders = { authorization: `Bearer ${session.token}` };
    try {
      await u.checkForUpdates();
    } catch (err) {
      // Offline or the server has no feed yet: the 'error' event has recorded it; try again later.
      this.opts.log?.(`update check failed: ${(err as Error).message.split('\n')[0]}`);
    }
    return true;
  }

  /** Only ever called because the user chose "Restart to update" (the shell asks first). */
  restartToInstall(): boolean {
    if (this.state.phase !== 'ready') return false;
    this.opts.updater.quitAndInstall(false, true);
    return true;
  }

  private set(status: UpdateStatus): void {
    this.state = status;
    this.opts.onStatus(status);
  }
}
