/**
 * The console's update schedule and restart rule, with an updater double in place of
 * electron-updater's autoUpdater (which needs Electron): checks only while signed in, against
 * the signed-in server's feed with the session token, reports progress, and installs only when
 * the user asks. The feed URL and headers it sets are then used against the real server.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../src/shared/console/schemas';
import { feedUrl, UpdateController, type Updater } from '../../src/main/updates/updateController';
import { startTestServer, type TestServer } from '../support/testServer';

class UpdaterDouble extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  requestHeaders: Record<string, string> | null = null;
  feeds: string[] = [];
  checks = 0;
  installs = 0;
  setFeedURL(o: { url: string }): void {
    this.feeds.push(o.url);
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    return null;
  }
  quitAndInstall(): void {
    this.installs++;
  }
}

function controller(session: { serverUrl: string; token: string } | null, platform: NodeJS.Platform = 'linux') {
  const updater = new UpdaterDouble();
  const seen: UpdateStatus[] = [];
  const c = new UpdateController({ updater: updater as unknown as Updater, platform, session: () => session, onStatus: (s) => seen.push(s), intervalMs: 60_000 });
  return { updater, seen, c };
}

describe('update controller', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s?.close());

  it('does not check while signed out', async () => {
    const { updater, c } = controller(null);
    expect(await c.check()).toBe(false);
    expect(updater.checks).toBe(0);
  });

  it('points the updater at the signed-in server with the session token, which the server accepts', async () => {
    const admin = await s.login('admin@example.com');
    const exe = randomBytes(500);
    await fetch(`${s.url}/updates/win/Switchboard-Setup-9.0.0.exe?version=9.0.0`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin}` }, body: exe });
    const token = await s.login('dispatcher@example.com');
    const { updater, c } = controller({ serverUrl: s.url, token }, 'win32');
    expect(await c.check()).toBe(true);
    expect(updater.feeds).toEqual([`${s.url}/updates/win/`]);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    const res = await fetch(new URL('latest.yml', updater.feeds[0]), { headers: updater.requestHeaders! });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/version: 9\.0\.0/);
    expect(feedUrl('https://help.example.com/', 'mac')).toBe('https://help.example.com/updates/mac/');
  });

  it('reports download progress, then ready, and installs only when asked', () => {
    const { updater, seen, c } = controller({ serverUrl: s.url, token: 't' });
    expect(c.restartToInstall()).toBe(false);
    updater.emit('update-available', { version: '2.0.0' });
    updater.emit('download-progress', { percent: 42.44, transferred: 424, total: 1000, bytesPerSecond: 1 });
    expect(c.status).toEqual({ phase: 'downloading', version: '2.0.0', percent: 42.4, transferred: 424, total: 1000 });
    updater.emit('update-downloaded', { version: '2.0.0' });
    expect(seen.map((x) => x.phase)).toEqual(['downloading', 'downloading', 'ready']);
    // Nothing restarted by itself: only the user's "Restart now" installs.
    expect(updater.installs).toBe(0);
    expect(c.restartToInstall()).toBe(true);
    expect(updater.installs).toBe(1);
  });

  it('does not check again while a download is running or ready, and records errors', async () => {
    const { updater, c } = controller({ serverUrl: s.url, token: 't' });
    updater.emit('update-available', { version: '2.0.0' });
    expect(await c.check()).toBe(false);
    updater.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED\nstack'));
    expect(c.status).toMatchObject({ phase: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' });
  });
});
