/**
 * The main-process log rotates by size and keeps a fixed number of files, never writes a
 * token or password, and the diagnostics bundle of a signed-in, synced console carries the
 * versions, sync state and outbox counts but no secret.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';
import { diagnosticsBundle } from '../../src/main/diagnostics/diagnosticsBundle';
import { redactSecrets } from '../../src/main/diagnostics/redactSecrets';
import { RotatingLog } from '../../src/main/diagnostics/rotatingLog';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../support/testServer';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'sb-logs-'));

describe('rotating log', () => {
  it('rotates at the size limit and keeps only the newest files', () => {
    const dir = tempDir();
    const log = new RotatingLog(dir, { maxBytes: 1000, keep: 3, now: () => Date.UTC(2026, 0, 1) });
    for (let i = 0; i < 200; i++) log.write('info', `line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    for (const f of readdirSync(dir)) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(1000);
    // Newest lines in main.log, the ones before in main.1.log, nothing older than main.3.log kept.
    const current = readFileSync(log.file, 'utf8');
    expect(current).toContain('line 199 ');
    const previous = readFileSync(log.rotated(1), 'utf8').trimEnd().split('\n');
    const firstCurrent = Number(/line (\d+)/.exec(current)![1]);
    expect(Number(/line (\d+)/.exec(previous.at(-1)!)![1])).toBe(firstCurrent - 1);
    expect(readFileSync(log.rotated(3), 'utf8')).not.toContain('line 0 ');
  });

  it('continues an existing file after a restart instead of starting over', () => {
    const dir = tempDir();
    new RotatingLog(dir, { maxBytes: 500, keep: 2 }).write('info', 'before restart');
    const again = new RotatingLog(dir, { maxBytes: 500, keep: 2 });
    again.write('info', 'after restart');
    expect(readFileSync(again.file, 'utf8')).toMatch(/before restart[\s\S]*after restart/);
    for (let i = 0; i < 20; i++) again.write('info', `${i} ${'y'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
  });

  it('writes no token or password, and remembers the last errors', () => {
    const dir = tempDir();
    const log = new RotatingLog(dir, { rememberErrors: 2 });
    log.write('error', 'request failed', { headers: { authorization: 'Bearer abc.DEF-123' } });
    log.write('error', 'login {"email":"a@b.c","password":"hunter2"}');
    log.write('error', 'sync: 401 for token=s3cr3tvalue');
    const text = readFileSync(log.file, 'utf8');
    for (const secret of ['abc.DEF-123', 'hunter2', 's3cr3tvalue']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(log.recentErrors()).toHaveLength(2);
    expect(log.recentErrors()[1]).toMatch(/sync: 401 for token=\[redacted\]/);
  });

  it('redacts each way a secret is written', () => {
    expect(redactSecrets('Authorization: Bearer tok-1')).not.toContain('tok-1');
    expect(redactSecrets('{"token":"tok-2","x":1}')).toBe('{"token":"[redacted]","x":1}');
    expect(redactSecrets("smtp_pass='pw'")).not.toContain('pw\'');
    expect(redactSecrets('accessToken=tok-3&next=1')).toBe('accessToken=[redacted]&next=1');
    expect(redactSecrets('nothing to hide here')).toBe('nothing to hide here');
  });
});

describe('diagnostics bundle', () => {
  let server: TestServer;
  let core: ConsoleCore;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    core = await createConsoleCore({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-console-')), tokenStore: memoryTokenStore() });
    await core.call('auth.signIn', { serverUrl: server.url, email: 'engineer@example.com', password: demoPassword });
    await core.firstSync();
  });
  afterAll(async () => {
    await core?.close();
    await server?.close();
  });

  it('has versions, sync state, outbox counts and cache schema, and no token or password anywhere', () => {
    const token = core.session()!.stored.token;
    const bundle = diagnosticsBundle({
      core, appVersion: '1.2.3', versions: process.versions, platform: process.platform, arch: process.arch,
      recentErrors: [`sync failed: 401 with Authorization: Bearer ${token}`, `login with password=${demoPassword}`],
      logDir: '/logs', update: { phase: 'upToDate', checkedAt: 1 }, now: Date.UTC(2026, 0, 2),
    });
    expect(bundle.app).toMatchObject({ version: '1.2.3', platform: process.platform, versions: { node: process.versions.node } });
    expect(bundle.session).toEqual({ serverOrigin: new URL(server.url).origin, userId: expect.any(Number), role: 'staff.engineer' });
    expect(bundle.sync).toMatchObject({ signedIn: true, outboxCount: 0, rejectedCount: 0 });
    expect(bundle.outbox).toEqual({ waiting: 0, rejected: 0 });
    expect(bundle.cache).toMatchObject({ schemaVersion: expect.any(Number), bytes: expect.any(Number) });
    expect(bundle.cache!.bytes).toBeGreaterThan(0);
    expect(bundle.recentErrors).toHaveLength(2);
    const text = JSON.stringify(bundle);
    expect(token.length).toBeGreaterThan(10);
    expect(text).not.toContain(token);
    expect(text).not.toContain(demoPassword);
    expect(text).not.toContain('engineer@example.com');
  });
});
